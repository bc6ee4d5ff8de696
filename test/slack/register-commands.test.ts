import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { BYSTANDER, type Harness, RESPONDER, startHarness, TEST_CHANNEL } from '../support/harness.js';

/**
 * What a slash command's caller reads when the command refuses, and what the log keeps of it:
 * the usage as written (a code span, Slack's control characters escaped), and one short info
 * line per expected refusal instead of an error entry with a stack trace.
 */
describe('a refused slash command', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ commands: COMMANDS });
  });
  afterAll(async () => {
    await h.stop();
  });

  const send = async (command: string, text: string, userId = RESPONDER) =>
    (
      (await h.slack.sender.sendSlashCommand({ command, text, userId, channelId: TEST_CHANNEL })).json as {
        text: string;
      }
    ).text;

  it('shows the /owner usage line as written, in a code span Slack will not read as a link', async () => {
    const text = await send('/owner', 'two words');
    expect(text).toContain(
      'Usage: `/owner ARN | INSTANCE-ID | BUCKET | ROLE-OR-USER-NAME | ACCESS-KEY-ID | ACCOUNT-ID | TAG=VALUE`',
    );
    // No unescaped < or >: Slack would parse `<…|…>` as a link and show only part of it.
    expect(text).not.toMatch(/[<>]/);
  });

  it('escapes what the caller typed when it comes back in the refusal', async () => {
    const text = await send('/incidents', '<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
  });

  it('logs a bad argument and a missing role as one short info line each, without a stack', async () => {
    await send('/owner', 'three bad words');
    await send('/digest', '', BYSTANDER);
    const lines = h
      .logs()
      .split('\n')
      .filter((l) => l.includes('slash command'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const refusals = lines.filter((l) => l.msg === 'slash command refused');
    expect(refusals).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ command: '/owner', code: 'watchkeeper_usage_invalid' }),
        expect.objectContaining({
          command: '/digest',
          user: BYSTANDER,
          code: 'watchkeeper_permission_denied',
        }),
      ]),
    );
    for (const line of lines) {
      expect(line.level).toBe(30);
      expect(line).not.toHaveProperty('err');
      expect(JSON.stringify(line).length).toBeLessThan(600);
    }
  });
});
