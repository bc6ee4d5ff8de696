import { describe, expect, it } from 'vitest';
import { actions, context, header, section } from '../../../src/slack/blocks/blocks.js';
import { button, checkboxes, staticSelect, usersSelect } from '../../../src/slack/blocks/elements.js';
import { BLOCK_LIMITS } from '../../../src/slack/blocks/limits.js';
import { mrkdwnLink, safeUrl } from '../../../src/slack/blocks/links.js';

const huge = 'x'.repeat(10_000);

describe('block builders enforce Slack limits', () => {
  it('header: plain text ≤150 and never empty', () => {
    expect(header(huge).text.text.length).toBe(150);
    expect(header('   ').text.text).toBe('—');
  });

  it('section: text ≤3000, ≤10 fields of ≤2000', () => {
    const block = section({ text: huge, fields: Array.from({ length: 14 }, () => huge) });
    expect(block.text?.text.length).toBe(3000);
    expect(block.fields).toHaveLength(10);
    expect(block.fields?.every((f) => f.text.length === 2000)).toBe(true);
  });

  it('context: ≤10 elements', () => {
    expect(context(Array.from({ length: 12 }, (_, i) => `e${i}`)).elements).toHaveLength(10);
  });

  it('actions: ≤25 elements with distinct action ids', () => {
    const many = Array.from({ length: 30 }, (_, i) => button({ actionId: `a${i % 27}`, text: 'B' }));
    const block = actions(many);
    expect(block.elements).toHaveLength(25);
    expect(new Set(block.elements.map((e) => e.action_id)).size).toBe(25);
  });

  it('button: text ≤75, value ≤2000, action id ≤255, unusable URL dropped', () => {
    const el = button({ actionId: huge, text: huge, value: huge, url: `https://example.com/${huge}` });
    expect(el.text.text.length).toBe(75);
    expect(el.value?.length).toBe(2000);
    expect(el.action_id.length).toBe(255);
    expect(el.url).toBeUndefined();
  });

  it('static select: ≤100 distinct options of ≤75 chars; initial option must be one of them', () => {
    const options = Array.from({ length: 150 }, (_, i) => ({ label: `${huge}${i}`, value: `v${i}` }));
    const el = staticSelect({ actionId: 's', placeholder: huge, options, initialValue: 'v3' });
    expect(el.options).toHaveLength(100);
    expect(el.options.every((o) => o.text.text.length <= 75 && o.value.length <= 75)).toBe(true);
    expect(el.placeholder.text.length).toBe(150);
    expect(el.initial_option).toEqual(el.options[3]);
    expect(
      staticSelect({ actionId: 's', placeholder: 'p', options, initialValue: 'nope' }).initial_option,
    ).toBeUndefined();
  });

  it('checkboxes: ≤10 options; initial options repeat options exactly and are omitted when empty', () => {
    const options = Array.from({ length: 12 }, (_, i) => ({ label: `Step ${i}`, value: `${i}|INC-1` }));
    const el = checkboxes({ actionId: 'c', options, checkedValues: ['1|INC-1', '11|INC-1', '1|INC-1'] });
    expect(el.options).toHaveLength(10);
    expect(el.initial_options).toEqual([el.options[1]]);
    expect(checkboxes({ actionId: 'c', options, checkedValues: [] }).initial_options).toBeUndefined();
  });

  it('users select: only a real user id becomes initial_user', () => {
    expect(usersSelect({ actionId: 'u', placeholder: 'p', initialUser: 'U0123ABCD' }).initial_user).toBe(
      'U0123ABCD',
    );
    expect(
      usersSelect({ actionId: 'u', placeholder: 'p', initialUser: '<!here>' }).initial_user,
    ).toBeUndefined();
  });

  it('limits file matches the reference numbers', () => {
    expect(BLOCK_LIMITS).toMatchObject({
      messageBlocks: 50,
      sectionText: 3000,
      headerText: 150,
      checkboxOptions: 10,
      optionText: 75,
    });
  });
});

describe('links', () => {
  it('accepts http(s) only and percent-encodes characters that would close a Slack link', () => {
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('https://user:pw@example.com/')).toBeUndefined();
    expect(safeUrl('https://example.com/a|b>c')).toBe('https://example.com/a%7Cb%3Ec');
  });

  it('builds <url|label> with an escaped label, or just the label when the URL is unusable', () => {
    expect(mrkdwnLink('https://example.com/?a=1&b=2', 'A <b>')).toBe(
      '<https://example.com/?a=1&amp;b=2|A &lt;b&gt;>',
    );
    expect(mrkdwnLink('not a url', 'Finding')).toBe('Finding');
  });
});
