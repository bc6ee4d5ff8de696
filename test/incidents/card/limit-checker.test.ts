import { describe, expect, it } from 'vitest';
import { messageProblems } from './limit-checker.js';

/** The checker guards the property tests, so it must itself catch what Slack would reject. */
describe('messageProblems', () => {
  it('flags too many blocks, long text, raw markup and bad checkboxes', () => {
    const section = { type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } };
    const raw = { type: 'section', text: { type: 'mrkdwn', text: 'a <!channel> & b' } };
    const boxes = {
      type: 'actions',
      elements: [
        {
          type: 'checkboxes',
          action_id: 'c',
          options: Array.from({ length: 11 }, (_, i) => ({
            text: { type: 'mrkdwn', text: 't' },
            value: String(i),
          })),
        },
      ],
    };
    const problems = messageProblems([
      section,
      raw,
      boxes,
      ...Array.from({ length: 50 }, () => ({ type: 'divider' })),
    ]);
    expect(problems).toEqual(
      expect.arrayContaining([
        '53 blocks > 50',
        'blocks[0].text: 3001 > 3000',
        'blocks[1].text: unexpected sequence "<!channel>"',
        'blocks[1].text: raw &',
        'blocks[2].elements[0].options count 11',
      ]),
    );
  });
});
