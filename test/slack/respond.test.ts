import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackStandIn, type SlackStandIn } from '../../src/sandbox/slack-api/index.js';
import { answerCommand, respondTo } from '../../src/slack/respond.js';

/**
 * response_url answers against the Slack stand-in's own response_url handling: a command's answer
 * replaces the private "Looking up…" line it follows; an error answered to a button adds a line
 * and never overwrites the message the button sits on.
 */
describe('answering through response_url', () => {
  let slack: SlackStandIn;
  beforeAll(async () => {
    slack = createSlackStandIn({
      users: [{ id: 'U0ALICE01', name: 'alice' }],
      channels: [{ id: 'C0ALERTS1', name: 'alerts' }],
    });
    await slack.start();
  });
  afterAll(async () => {
    await slack.stop();
  });

  function privateLine(text: string) {
    const shown = slack.store.addEphemeral({
      channel: 'C0ALERTS1',
      user: 'U0ALICE01',
      text,
      blocks: undefined,
      threadTs: undefined,
      source: 'response_url',
    });
    const url = slack.responseUrls.issue({
      channelId: 'C0ALERTS1',
      userId: 'U0ALICE01',
      messageTs: shown.ts,
      ephemeral: true,
    });
    return { shown, url };
  }

  it('answerCommand turns the working line into the answer: one private reply, not two', async () => {
    const { shown, url } = privateLine('Looking up the owner of `web-app-role`…');
    const before = slack.store.ephemeralsFor('U0ALICE01').length;
    await answerCommand(url, { text: '*IAM role web-app-role* belongs to team *web*' });
    const after = slack.store.ephemeralsFor('U0ALICE01');
    expect(after).toHaveLength(before);
    expect(after.find((e) => e.ts === shown.ts)?.text).toBe('*IAM role web-app-role* belongs to team *web*');
  });

  it('respondTo adds a line unless told to replace, so a button error never overwrites its message', async () => {
    const { shown, url } = privateLine('the card');
    await respondTo(url, { text: "You can't tick runbook steps: it needs the *responder* role." });
    expect(slack.store.ephemeralsFor('U0ALICE01').find((e) => e.ts === shown.ts)?.text).toBe('the card');
    expect(slack.store.ephemeralsFor('U0ALICE01').map((e) => e.text)).toContain(
      "You can't tick runbook steps: it needs the *responder* role.",
    );
  });
});
