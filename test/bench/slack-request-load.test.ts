import { describe, expect, it } from 'vitest';
import {
  runSlackRequestLoad,
  type SlackRequestLoad,
  SlackRequestLoadSchema,
} from '../../bench/lib/slack-request-load.js';

const LOAD: SlackRequestLoad = {
  requestUrl: 'http://127.0.0.1:3000/slack/events',
  requests: 6,
  perSecond: 1_000,
  userId: 'U0BENCHRSP',
  channelId: 'C0STORM001',
  command: { name: '/watchkeeper', text: 'help' },
  click: { messageTs: '1700000000.000100', actionId: 'wk_incident_escalate' },
};

type Answer = { status: number; elapsedMs: number } | Error;

/** Plays the stand-in's sender: records what it was asked to send and answers from a script. */
function fakeSender(answers: Answer[]) {
  const sent: Array<{ kind: 'command' | 'click'; input: Record<string, unknown> }> = [];
  const answer = async () => {
    const next = answers.shift() ?? { status: 200, elapsedMs: 1 };
    if (next instanceof Error) throw next;
    return next as never;
  };
  return {
    sent,
    sender: {
      sendSlashCommand: (input: Record<string, unknown>) => {
        sent.push({ kind: 'command', input });
        return answer();
      },
      sendBlockActions: (input: Record<string, unknown>) => {
        sent.push({ kind: 'click', input });
        return answer();
      },
    },
  };
}

describe("ack-latency's Slack requests (sent from the stand-in's process)", () => {
  it('alternates slash commands and clicks on the card, each to the bot’s Slack endpoint', async () => {
    const { sender, sent } = fakeSender([]);
    await runSlackRequestLoad(sender as never, LOAD);
    expect(sent.map((s) => s.kind)).toEqual(['command', 'click', 'command', 'click', 'command', 'click']);
    expect(sent[0]?.input).toMatchObject({
      command: '/watchkeeper',
      text: 'help',
      userId: 'U0BENCHRSP',
      channelId: 'C0STORM001',
      requestUrl: LOAD.requestUrl,
    });
    expect(sent[1]?.input).toMatchObject({
      messageTs: '1700000000.000100',
      actions: [{ actionId: 'wk_incident_escalate' }],
      channelId: 'C0STORM001',
      requestUrl: LOAD.requestUrl,
    });
  });

  it('times each kind apart and counts non-200 answers and unanswered requests', async () => {
    const { sender } = fakeSender([
      { status: 200, elapsedMs: 10 },
      { status: 200, elapsedMs: 20 },
      { status: 500, elapsedMs: 30 },
      new Error('connection refused'),
      { status: 200, elapsedMs: 50 },
      { status: 401, elapsedMs: 60 },
    ]);
    const result = await runSlackRequestLoad(sender as never, LOAD);
    expect([...result.commandMs].sort((a, b) => a - b)).toEqual([10, 30, 50]);
    expect([...result.clickMs].sort((a, b) => a - b)).toEqual([20, 60]);
    expect(result.non200).toBe(3);
    expect(result.senderLoopDelayMaxMs).toBeGreaterThanOrEqual(0);
  });

  it('refuses a load it could not send as described', () => {
    expect(SlackRequestLoadSchema.safeParse(LOAD).success).toBe(true);
    expect(SlackRequestLoadSchema.safeParse({ ...LOAD, perSecond: 0 }).success).toBe(false);
    expect(SlackRequestLoadSchema.safeParse({ ...LOAD, requestUrl: 'not a url' }).success).toBe(false);
    expect(
      SlackRequestLoadSchema.safeParse({ ...LOAD, command: { name: 'watchkeeper', text: '' } }).success,
    ).toBe(false);
  });
});
