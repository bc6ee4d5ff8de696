import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAMPAIGN_MODAL_FIELDS as F } from '../../src/iam/review/campaign/blocks.js';
import type { CampaignDeps } from '../../src/iam/review/campaign/deps.js';
import { campaignKeys, loadCampaign, loadItem } from '../../src/iam/review/campaign/store.js';
import { ACCESS_REVIEW_ACTION_IDS as A } from '../../src/iam/review/ids.js';
import { saveReport } from '../../src/iam/review/report-store.js';
import type { AppContext } from '../../src/platform/context.js';
import type { StoredMessage } from '../../src/sandbox/slack-api/index.js';
import { createOutbox } from '../../src/slack/outbox/index.js';
import { accessReviewListener, accessReviewWorkflow } from '../../workflows/access-review.js';
import { outboxWorkflow } from '../../workflows/outbox.js';
import { registry, remediationRecorder, storedReport } from '../iam/review/campaign/fixture.js';
import { type Harness, RESPONDER, SECURITY_ADMIN, startHarness, TEST_CHANNEL } from '../support/harness.js';
import { uniquePrefix } from '../support/redis.js';
import { clusterEnv, startRedisCluster, type TestCluster } from '../support/redis-cluster.js';

/**
 * An access-review campaign on a real three-primary Redis Cluster: Start review (SET NX per
 * report, chunked fan-out), two racing decisions on one principal (the Lua compare-and-set: one
 * winner), and Close now. Every key it wrote sits in the prefix's one slot.
 */
async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

const justification = (text: string) => ({
  [F.justificationBlock]: { [F.justificationInput]: { type: 'plain_text_input', value: text } },
});

describe('an access-review campaign on a real Redis Cluster', () => {
  let cluster: TestCluster;
  let h: Harness;
  const reportId = 'ar-cluster-campaign';
  const prefix = `{${uniquePrefix('clar')}}`;
  let report: StoredMessage;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    const recorder = remediationRecorder();
    h = await startHarness({
      env: clusterEnv(cluster, prefix.slice(1, -1)),
      compose: async () => (ctx: AppContext) => {
        const deps: CampaignDeps = {
          outbox: createOutbox({ queues: ctx.queues, redis: ctx.redis, prefix: ctx.config.redis.prefix }),
          ownersRegistry: async () => registry,
          remediationFor: recorder.remediationFor,
          fanOutChunk: 2,
        };
        return {
          workflows: [
            accessReviewWorkflow(deps),
            outboxWorkflow({
              renderCard: async () => undefined,
              cardUpdateIntervalMs: 100,
              bucket: { capacity: 50, refillPerSecond: 50 },
            }),
          ],
          listeners: [accessReviewListener(deps)],
        };
      },
    });
    await saveReport(h.bot.ctx.redis, prefix, storedReport(reportId));
    const posted = await h.bot.ctx.slack.chat.postMessage({
      channel: TEST_CHANNEL,
      text: 'IAM access review',
      blocks: [
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: A.startCampaign,
              text: { type: 'plain_text', text: 'Start review' },
              value: reportId,
            },
          ],
        },
      ],
    });
    report = await eventually(() => h.slack.store.findMessage(TEST_CHANNEL, String(posted.ts)), 'the report');
  });
  afterAll(async () => {
    await h?.stop();
    await cluster?.stop();
  });

  async function openModal(user: string, message: StoredMessage, actionId: string) {
    const before = new Set(h.slack.store.openViewsOf(user).map((v) => v.id));
    await h.slack.sender.sendBlockActions({
      userId: user,
      channelId: TEST_CHANNEL,
      messageTs: message.ts,
      actions: [{ actionId }],
    });
    return eventually(
      () => h.slack.store.openViewsOf(user).find((v) => !before.has(v.id)),
      `a modal for ${user}`,
    );
  }

  it('starts, decides one racing pair with one winner, and closes', async () => {
    await h.slack.sender.sendBlockActions({
      userId: SECURITY_ADMIN,
      channelId: TEST_CHANNEL,
      messageTs: report.ts,
      actions: [{ actionId: A.startCampaign }],
    });
    // Start review first shows its plan to the clicker; the plan's own button starts the campaign.
    const plan = await eventually(
      () =>
        h.slack.store
          .ephemeralsFor(SECURITY_ADMIN, TEST_CHANNEL)
          .find((e) => JSON.stringify(e.blocks ?? []).includes(A.confirmStartCampaign)),
      'the plan of the campaign',
    );
    await h.slack.sender.sendBlockActions({
      userId: SECURITY_ADMIN,
      channelId: TEST_CHANNEL,
      messageTs: plan.ts,
      actions: [{ actionId: A.confirmStartCampaign }],
    });
    const id = await eventually(
      () => h.bot.ctx.redis.get(campaignKeys(prefix).byReport(reportId)).then((v) => v ?? undefined),
      'the campaign',
    );
    await eventually(
      () => loadCampaign(h.bot.ctx.redis, prefix, id).then((c) => (c?.status === 'open' ? c : undefined)),
      'the campaign to open',
    );
    // Any principal whose review message went to the team channel (where both users may act).
    const inChannel = await eventually(
      () => h.slack.store.messagesIn(TEST_CHANNEL).find((m) => m.text.startsWith('Access review:')),
      'a principal in the channel',
    );
    const [, kind, name] = /^Access review: (\w+) (\S+)/.exec(inChannel.text) ?? [];
    const itemKey = `${kind}/${name}`;
    const keepView = await openModal(SECURITY_ADMIN, inChannel, A.keep);
    const revokeView = await openModal(RESPONDER, inChannel, A.revoke);
    await Promise.all([
      h.slack.sender.sendViewSubmission({
        userId: SECURITY_ADMIN,
        viewId: keepView.id,
        values: justification('Break-glass account'),
      }),
      h.slack.sender.sendViewSubmission({
        userId: RESPONDER,
        viewId: revokeView.id,
        values: justification('Unused'),
      }),
    ]);
    const item = await eventually(
      () => loadItem(h.bot.ctx.redis, prefix, id, itemKey).then((i) => (i?.decision ? i : undefined)),
      'one decision',
    );
    const loser = item.decision?.by === SECURITY_ADMIN ? RESPONDER : SECURITY_ADMIN;
    await eventually(
      () =>
        h.slack.store
          .ephemeralsFor(loser)
          .find((e) =>
            e.text.includes(`Already decided: ${item.decision?.decision} by <@${item.decision?.by}>`),
          ),
      'the loser told who decided',
    );

    const status = await eventually(
      () => h.slack.store.messagesIn(TEST_CHANNEL).find((m) => m.text.startsWith('Access review campaign')),
      'the status message',
    );
    await h.slack.sender.sendBlockActions({
      userId: SECURITY_ADMIN,
      channelId: TEST_CHANNEL,
      messageTs: status.ts,
      actions: [{ actionId: A.closeCampaign }],
    });
    await eventually(
      () => h.slack.store.messagesIn(TEST_CHANNEL).find((m) => m.text.startsWith('Access review closed')),
      'the summary',
    );
    expect((await loadCampaign(h.bot.ctx.redis, prefix, id))?.status).toBe('closed');
  });

  it('wrote every key under the prefix, all in its one hash slot', async () => {
    const keys = await cluster.allKeys();
    const ours = keys.filter((k) => k.startsWith(`${prefix}:`));
    for (const part of [':access-review:report:', ':access-review:campaign:', ':audit', ':outbox:'])
      expect(
        ours.some((k) => k.includes(part)),
        part,
      ).toBe(true);
    expect(keys.filter((k) => !k.startsWith(`${prefix}:`))).toEqual([]);
    const [slot, ...slots] = await cluster.slotsOf([prefix, ...ours]);
    expect(ours.filter((_, i) => slots[i] !== slot)).toEqual([]);
  });
});
