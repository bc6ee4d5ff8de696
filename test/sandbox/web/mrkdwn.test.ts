import { describe, expect, it } from 'vitest';
import { emojify, parseMrkdwn, safeHref } from '../../../src/sandbox/web/public/mrkdwn.js';

describe('the page’s mrkdwn parser', () => {
  it('reads bold, italic, strike and code the way Slack does', () => {
    expect(parseMrkdwn('*Severity:* _high_ ~old~ `i-0abc`')).toEqual([
      { t: 'bold', c: [{ t: 'text', v: 'Severity:' }] },
      { t: 'text', v: ' ' },
      { t: 'italic', c: [{ t: 'text', v: 'high' }] },
      { t: 'text', v: ' ' },
      { t: 'strike', c: [{ t: 'text', v: 'old' }] },
      { t: 'text', v: ' ' },
      { t: 'code', v: 'i-0abc' },
    ]);
  });

  it('leaves underscores and stars inside words alone', () => {
    expect(parseMrkdwn('role/deploy_bot_prod and 2*3*4')).toEqual([
      { t: 'text', v: 'role/deploy_bot_prod and 2*3*4' },
    ]);
  });

  it('formats nothing inside ``` blocks and decodes Slack’s escapes there', () => {
    expect(parseMrkdwn('Figures:\n```\n*a* &lt;b&gt; &amp;\n```')).toEqual([
      { t: 'text', v: 'Figures:' },
      { t: 'br' },
      { t: 'pre', v: '*a* <b> &\n' },
    ]);
  });

  it('turns links, user, channel and user-group mentions into nodes', () => {
    expect(
      parseMrkdwn(
        '<https://console.aws.amazon.com/guardduty|Open in GuardDuty> <@U0DEMORESP> <#C0DEMOSEC1|security-incidents> <!subteam^S0SEC|@secops> <!here>',
      ),
    ).toEqual([
      { t: 'link', href: 'https://console.aws.amazon.com/guardduty', label: 'Open in GuardDuty' },
      { t: 'text', v: ' ' },
      { t: 'user', id: 'U0DEMORESP', label: undefined },
      { t: 'text', v: ' ' },
      { t: 'channel', id: 'C0DEMOSEC1', label: 'security-incidents' },
      { t: 'text', v: ' ' },
      { t: 'group', id: 'S0SEC', label: '@secops' },
      { t: 'text', v: ' ' },
      { t: 'special', name: 'here', label: undefined },
    ]);
  });

  it('never makes a link of a javascript: or data: URL', () => {
    expect(parseMrkdwn('<javascript:alert(1)|click me>')).toEqual([{ t: 'text', v: 'click me' }]);
    expect(safeHref('data:text/html,<script>')).toBeUndefined();
    expect(safeHref('https://example.com')).toBe('https://example.com');
  });

  it('keeps markup-looking text as text (the page only ever sets textContent)', () => {
    const nodes = parseMrkdwn('&lt;img src=x onerror=alert(1)&gt;');
    expect(nodes).toEqual([{ t: 'text', v: '<img src=x onerror=alert(1)>' }]);
  });

  it('reads > lines as a quote', () => {
    expect(parseMrkdwn('&gt; quoted\nplain')).toEqual([
      { t: 'quote', c: [{ t: 'text', v: 'quoted' }] },
      { t: 'text', v: 'plain' },
    ]);
  });

  it('shows known emoji shortcodes and leaves ARN-like text untouched', () => {
    expect(emojify(':red_circle: High')).toBe('🔴 High');
    expect(emojify('arn:aws:iam::123456789012:role/x')).toBe('arn:aws:iam::123456789012:role/x');
  });
});
