import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAMPAIGN_MODAL_FIELDS as F } from '../../../../src/iam/review/campaign/blocks.js';
import {
  decide,
  REMEDIATION_NEEDS_ADMIN,
  REMEDIATION_NEEDS_CONFIRMED_PLAN,
} from '../../../../src/iam/review/campaign/decide.js';
import type { CampaignDeps } from '../../../../src/iam/review/campaign/deps.js';
import { exportCampaign } from '../../../../src/iam/review/campaign/export.js';
import type { Campaign } from '../../../../src/iam/review/campaign/model.js';
import { runReminders } from '../../../../src/iam/review/campaign/reminders.js';
import {
  campaignKeys,
  loadCampaign,
  loadItem,
  loadItems,
} from '../../../../src/iam/review/campaign/store.js';
import { ACCESS_REVIEW_ACTION_IDS as A, ACCESS_REVIEW_CALLBACK_IDS } from '../../../../src/iam/review/ids.js';
import { saveReport } from '../../../../src/iam/review/report-store.js';
import { auditStreamKey } from '../../../../src/platform/audit/audit.js';
import { readAudit } from '../../../../src/platform/audit/export.js';
import type { AppContext } from '../../../../src/platform/context.js';
import type { StoredMessage } from '../../../../src/sandbox/slack-api/index.js';
import { createOutbox } from '../../../../src/slack/outbox/index.js';
import { accessReviewListener, accessReviewWorkflow } from '../../../../workflows/access-review.js';
import { outboxWorkflow } from '../../../../workflows/outbox.js';
import {
  BYSTANDER,
  type Harness,
  RESPONDER,
  SECURITY_ADMIN,
  startHarness,
  TEST_CHANNEL,
} from '../../../support/harness.js';
import { ACCOUNT, registry, remediationRecorder, storedReport } from './fixture.js';

/** The stand-in's DM channel with a user (what chat.postMessage to a user id opens). */
const dm = (user: string) => `D${user.replace(/^[UW]/, '')}`;

async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const blocksText = (m: StoredMessage | undefined) => JSON.stringify(m?.blocks ?? []);

/** The audit entries of one action, oldest first. */
const audited = async (h: Harness, action: string) =>
  (await readAudit(h.bot.ctx.redis, h.bot.ctx.config.redis.prefix, new Date(0))).filter(
    (a) => a.action === action,
  );

async function startRig(
  remediationEnabled: boolean,
  campaignChannel: string | null = TEST_CHANNEL,
  recorderOptions: Parameters<typeof remediationRecorder>[0] = {},
) {
  const recorder = remediationRecorder(recorderOptions);
  let bound: CampaignDeps | undefined;
  // A campaign channel named in config: principals nobody owns go there (by default they would
  // go to the starter's DM, never the channel the button was clicked in: reviewers.ts).
  const configFile = join(mkdtempSync(join(tmpdir(), 'wk-campaign-')), 'watchkeeper.yaml');
  writeFileSync(
    configFile,
    campaignChannel ? `accessReview:\n  campaign:\n    channel: "${campaignChannel}"\n` : '{}\n',
  );
  const h = await startHarness({
    env: {
      WATCHKEEPER_CONFIG: configFile,
      ...(remediationEnabled ? { WATCHKEEPER_ACCESS_REVIEW_REMEDIATION: 'true' } : {}),
    },
    compose: async () => (ctx: AppContext) => {
      const deps: CampaignDeps = {
        outbox: createOutbox({ queues: ctx.queues, redis: ctx.redis, prefix: ctx.config.redis.prefix }),
        ownersRegistry: async () => registry,
        remediationFor: recorder.remediationFor,
        fanOutChunk: 2,
      };
      bound = deps;
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
  if (!bound) throw new Error('the harness did not bind the campaign');
  return { h, deps: bound, recorder };
}

/** A report message with the Start review button, as the /access-review task posts it. */
async function postReportMessage(h: Harness, reportId: string): Promise<StoredMessage> {
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
  return eventually(() => h.slack.store.findMessage(TEST_CHANNEL, String(posted.ts)), 'the report message');
}

const itemMessage = (h: Harness, channel: string, name: string) =>
  h.slack.store
    .messagesIn(channel)
    .find((m) => blocksText(m).includes(name) && m.text.startsWith('Access review:'));

/**
 * Start review, as a person does it: the button shows the plan (only to them), and the plan's
 * own button starts the campaign. Returns the plan as it was shown.
 */
async function startReview(h: Harness, user: string, reportTs: string) {
  const shownBefore = h.slack.store.ephemeralsFor(user, TEST_CHANNEL).length;
  await h.slack.sender.sendBlockActions({
    userId: user,
    channelId: TEST_CHANNEL,
    messageTs: reportTs,
    actions: [{ actionId: A.startCampaign }],
  });
  const plan = await eventually(
    () =>
      h.slack.store
        .ephemeralsFor(user, TEST_CHANNEL)
        .slice(shownBefore)
        .find((e) => JSON.stringify(e.blocks ?? []).includes(A.confirmStartCampaign)),
    'the plan of the campaign',
  );
  const shown = { text: plan.text, blocks: JSON.stringify(plan.blocks ?? []), ts: plan.ts };
  await h.slack.sender.sendBlockActions({
    userId: user,
    channelId: TEST_CHANNEL,
    messageTs: plan.ts,
    actions: [{ actionId: A.confirmStartCampaign }],
  });
  return shown;
}

async function openModal(
  h: Harness,
  user: string,
  channel: string,
  message: StoredMessage,
  actionId: string,
) {
  const before = new Set(h.slack.store.openViewsOf(user).map((v) => v.id));
  await h.slack.sender.sendBlockActions({
    userId: user,
    channelId: channel,
    messageTs: message.ts,
    actions: [{ actionId }],
  });
  return eventually(
    () => h.slack.store.openViewsOf(user).find((v) => !before.has(v.id)),
    `a modal for ${user}`,
  );
}

/** A modal once it is the revoke confirmation: its mrkdwn, joined, and its buttons' labels. */
async function confirmationIn(h: Harness, viewId: string) {
  const view = await eventually(() => {
    const v = h.slack.store.views.get(viewId)?.view as
      | {
          callback_id?: string;
          submit?: { text: string };
          close?: { text: string };
          private_metadata?: string;
          blocks: unknown[];
        }
      | undefined;
    return v?.callback_id === ACCESS_REVIEW_CALLBACK_IDS.revokeConfirm && v.submit ? v : undefined;
  }, 'the revoke confirmation');
  const texts = (
    view.blocks as Array<{ text?: { text: string }; elements?: Array<{ text: string }> }>
  ).flatMap((b) =>
    [b.text?.text, ...(b.elements ?? []).map((e) => e.text)].filter((t): t is string => Boolean(t)),
  );
  return {
    text: texts.join('\n'),
    blocks: view.blocks,
    submit: view.submit?.text,
    close: view.close?.text,
    pendingId: String((JSON.parse(view.private_metadata ?? '{}') as { p?: string }).p),
  };
}

const justification = (text: string) => ({
  [F.justificationBlock]: { [F.justificationInput]: { type: 'plain_text_input', value: text } },
});

describe('an access-review campaign, end to end (remediation off)', () => {
  let rig: Awaited<ReturnType<typeof startRig>>;
  let h: Harness;
  let campaign: Campaign;
  const reportId = 'ar-e2e-campaign';
  const prefix = () => h.bot.ctx.config.redis.prefix;
  let report: StoredMessage;

  beforeAll(async () => {
    rig = await startRig(false);
    h = rig.h;
    await saveReport(h.bot.ctx.redis, prefix(), storedReport(reportId));
    report = await postReportMessage(h, reportId);
  });
  afterAll(async () => {
    await h.stop();
  });

  const clickStart = (user: string) =>
    h.slack.sender.sendBlockActions({
      userId: user,
      channelId: TEST_CHANNEL,
      messageTs: report.ts,
      actions: [{ actionId: A.startCampaign }],
    });

  it('refuses Start review to someone without the security-admin role, naming the role', async () => {
    await clickStart(BYSTANDER);
    const refusal = await eventually(() => h.slack.store.ephemeralsFor(BYSTANDER)[0], 'the refusal');
    expect(refusal.text).toMatch(/security-admin/);
    expect(await h.bot.ctx.redis.get(campaignKeys(prefix()).byReport(reportId))).toBeNull();
  });

  it('refuses Start review to a responder, audits who and which report, and starts nothing', async () => {
    await clickStart(RESPONDER);
    const refusal = await eventually(
      () => h.slack.store.ephemeralsFor(RESPONDER).find((e) => /security-admin/.test(e.text)),
      'the refusal',
    );
    expect(refusal.text).toMatch(/start an access-review campaign/);
    expect(await audited(h, 'refused.access-review.campaign.start')).toEqual([
      expect.objectContaining({ who: BYSTANDER, detail: `security-admin; report ${reportId}` }),
      expect.objectContaining({ who: RESPONDER, detail: `security-admin; report ${reportId}` }),
    ]);
    expect(await h.bot.ctx.redis.get(campaignKeys(prefix()).byReport(reportId))).toBeNull();
    expect(await audited(h, 'access-review.campaign.start')).toEqual([]);
  });

  it('shows a security admin the plan first, and sends nothing until it is confirmed', async () => {
    await clickStart(SECURITY_ADMIN);
    const plan = await eventually(
      () =>
        h.slack.store
          .ephemeralsFor(SECURITY_ADMIN, TEST_CHANNEL)
          .find((e) => JSON.stringify(e.blocks ?? []).includes(A.confirmStartCampaign)),
      'the plan',
    );
    const shown = JSON.stringify(plan.blocks);
    expect(plan.text).toBe(
      `Start the access review of 4 principals in ${ACCOUNT}? It sends 4 messages, one per principal:`,
    );
    expect(shown).toContain(`2 messages by DM to owners: <@${BYSTANDER}> (1), <@${RESPONDER}> (1)`);
    expect(shown).toContain(`1 message to team channels: <#${TEST_CHANNEL}> (1)`);
    expect(shown).toContain(
      `1 message for principals without a reachable owner to the campaign channel <#${TEST_CHANNEL}>`,
    );
    expect(shown).toContain('Start review: send 4 messages');
    expect(await h.bot.ctx.redis.get(campaignKeys(prefix()).byReport(reportId))).toBeNull();
    expect(itemMessage(h, dm(BYSTANDER), 'alice.payments')).toBeUndefined();
  });

  it('starts as a security admin: one message per principal to its reviewer, and the status message', async () => {
    const plan = await startReview(h, SECURITY_ADMIN, report.ts);
    // The plan becomes the "Starting…" line in place: one private message, not two.
    await eventually(
      () =>
        h.slack.store
          .ephemeralsFor(SECURITY_ADMIN, TEST_CHANNEL)
          .find((e) => e.ts === plan.ts && e.text.startsWith('Starting the access review of 4 principals')),
      'the plan replaced by the start',
    );
    const id = await eventually(
      () => h.bot.ctx.redis.get(campaignKeys(prefix()).byReport(reportId)).then((v) => v ?? undefined),
      'the campaign',
    );
    campaign = await eventually(
      () => loadCampaign(h.bot.ctx.redis, prefix(), id).then((c) => (c?.status === 'open' ? c : undefined)),
      'the campaign to open',
    );
    const alice = await eventually(() => itemMessage(h, dm(BYSTANDER), 'alice.payments'), 'alice in the DM');
    expect(blocksText(alice)).toContain(A.keep);
    expect(blocksText(alice)).toContain('escalation contact');
    await eventually(() => itemMessage(h, dm(RESPONDER), '@data-reader'), 'data-reader in the DM');
    await eventually(() => itemMessage(h, TEST_CHANNEL, 'ci-deployer'), 'ci-deployer in the team channel');
    const legacy = await eventually(() => itemMessage(h, TEST_CHANNEL, 'legacy-admin'), 'legacy-admin');
    expect(blocksText(legacy)).toMatch(/no owner tag|no matching rule/);
    expect(blocksText(legacy)).toContain('Active access keys');
    const status = await eventually(
      () => h.slack.store.messagesIn(TEST_CHANNEL).find((m) => m.text.startsWith('Access review campaign')),
      'the status message',
    );
    expect(blocksText(status)).toContain(A.closeCampaign);
    await eventually(
      () =>
        blocksText(h.slack.store.findMessage(TEST_CHANNEL, status.ts)).includes('*4* pending')
          ? true
          : undefined,
      'status 4 pending',
    );
    // One message per principal: the chunked fan-out posted each once.
    const all = [TEST_CHANNEL, dm(BYSTANDER), dm(RESPONDER)].flatMap((c) => h.slack.store.messagesIn(c));
    expect(all.filter((m) => m.text.startsWith('Access review:'))).toHaveLength(4);
  });

  it('tells a second click that the campaign is already running, with a link', async () => {
    await clickStart(SECURITY_ADMIN);
    const answer = await eventually(
      () => h.slack.store.ephemeralsFor(SECURITY_ADMIN).find((e) => /already running/.test(e.text)),
      'the already-running answer',
    );
    expect(answer.text).toContain(campaign.id);
    expect(answer.text).toMatch(/<https?:\/\/[^|]+\|status message>/);
  });

  it('keeps with a justification (the owner contact decides without a role), and requires one', async () => {
    const alice = await eventually(() => itemMessage(h, dm(BYSTANDER), 'alice.payments'), 'alice');
    const view = await openModal(h, BYSTANDER, dm(BYSTANDER), alice, A.keep);
    const empty = await h.slack.sender.sendViewSubmission({
      userId: BYSTANDER,
      viewId: view.id,
      values: justification('  '),
    });
    expect(JSON.stringify(empty.json)).toContain('response_action');
    await h.slack.sender.sendViewSubmission({
      userId: BYSTANDER,
      viewId: view.id,
      values: justification('Runs the monthly payouts; MFA ticket PAY-12'),
    });
    const item = await eventually(
      () =>
        loadItem(h.bot.ctx.redis, prefix(), campaign.id, 'user/alice.payments').then((i) =>
          i?.decision ? i : undefined,
        ),
      'the keep decision',
    );
    expect(item.decision).toMatchObject({
      decision: 'keep',
      by: BYSTANDER,
      justification: 'Runs the monthly payouts; MFA ticket PAY-12',
    });
    const updated = await eventually(() => {
      const m = h.slack.store.findMessage(dm(BYSTANDER), alice.ts);
      return m && !blocksText(m).includes(A.keep) ? m : undefined;
    }, 'the item message without buttons');
    expect(blocksText(updated)).toContain('Kept');
  });

  it('refuses a decision to someone who is neither the reviewer nor a responder', async () => {
    const ci = await eventually(() => itemMessage(h, TEST_CHANNEL, 'ci-deployer'), 'ci-deployer');
    await h.slack.sender.sendBlockActions({
      userId: BYSTANDER,
      channelId: TEST_CHANNEL,
      messageTs: ci.ts,
      actions: [{ actionId: A.revoke }],
    });
    await eventually(
      () =>
        h.slack.store
          .ephemeralsFor(BYSTANDER)
          .find((e) => /responder/.test(e.text) && /reviewer/.test(e.text)),
      'the refusal',
    );
    expect(h.slack.store.openViewsOf(BYSTANDER).filter((v) => v.open)).toHaveLength(0);
    expect(await audited(h, 'refused.access-review.revoke')).toEqual([
      expect.objectContaining({
        who: BYSTANDER,
        detail: `responder; ${campaign.id} arn:aws:iam::${ACCOUNT}:role/ci/ci-deployer`,
      }),
    ]);
  });

  it('revokes with remediation off: a follow-up is recorded and IAM is untouched', async () => {
    const ci = await eventually(() => itemMessage(h, TEST_CHANNEL, 'ci-deployer'), 'ci-deployer');
    const view = await openModal(h, RESPONDER, TEST_CHANNEL, ci, A.revoke);
    expect(JSON.stringify(view.view)).not.toContain(F.confirmBlock);
    await h.slack.sender.sendViewSubmission({
      userId: RESPONDER,
      viewId: view.id,
      values: justification('Pipeline moved to the new account'),
    });
    const item = await eventually(
      () =>
        loadItem(h.bot.ctx.redis, prefix(), campaign.id, 'role/ci-deployer').then((i) =>
          i?.decision ? i : undefined,
        ),
      'the revoke decision',
    );
    expect(item.decision?.decision).toBe('revoke');
    expect(item.decision?.followUp).toMatch(/detach its policies and delete role ci-deployer/);
    expect(item.decision?.remediation).toBeUndefined();
    expect(rig.recorder.calls).toEqual([]);
  });

  it('lets one of two racing decisions on the same principal win, and tells the other who decided', async () => {
    const legacy = await eventually(() => itemMessage(h, TEST_CHANNEL, 'legacy-admin'), 'legacy-admin');
    const keepView = await openModal(h, SECURITY_ADMIN, TEST_CHANNEL, legacy, A.keep);
    const revokeView = await openModal(h, RESPONDER, TEST_CHANNEL, legacy, A.revoke);
    await Promise.all([
      h.slack.sender.sendViewSubmission({
        userId: SECURITY_ADMIN,
        viewId: keepView.id,
        values: justification('Break-glass account'),
      }),
      h.slack.sender.sendViewSubmission({
        userId: RESPONDER,
        viewId: revokeView.id,
        values: justification('Unused admin'),
      }),
    ]);
    const item = await eventually(
      () =>
        loadItem(h.bot.ctx.redis, prefix(), campaign.id, 'user/legacy-admin').then((i) =>
          i?.decision ? i : undefined,
        ),
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
    const audit = await h.bot.ctx.redis.xrange(auditStreamKey(prefix()), '-', '+');
    const decisions = audit.filter(
      ([, f]) =>
        f.join(' ').includes('arn:aws:iam::314159265358:user/legacy-admin') &&
        /access-review\.(keep|revoke)/.test(f.join(' ')),
    );
    expect(decisions).toHaveLength(1);
  });

  it('moves a Not mine to the picked person: a new DM, and the old message says where it went', async () => {
    const data = await eventually(() => itemMessage(h, dm(RESPONDER), '@data-reader'), 'data-reader');
    const view = await openModal(h, RESPONDER, dm(RESPONDER), data, A.notMine);
    await h.slack.sender.sendViewSubmission({
      userId: RESPONDER,
      viewId: view.id,
      values: {
        [F.assigneeBlock]: { [F.assigneeInput]: { type: 'users_select', selected_user: SECURITY_ADMIN } },
        [F.noteBlock]: { [F.noteInput]: { type: 'plain_text_input', value: 'Sam runs the data platform' } },
      },
    });
    const moved = await eventually(() => itemMessage(h, dm(SECURITY_ADMIN), '@data-reader'), 'the new DM');
    expect(blocksText(moved)).toContain(A.keep);
    const old = await eventually(() => {
      const m = h.slack.store.findMessage(dm(RESPONDER), data.ts);
      return m && blocksText(m).includes(`Moved to <@${SECURITY_ADMIN}>`) ? m : undefined;
    }, 'the old message updated');
    expect(blocksText(old)).not.toContain(A.keep);
    const item = await loadItem(h.bot.ctx.redis, prefix(), campaign.id, 'role/@data-reader');
    expect(item?.reviewer).toMatchObject({ kind: 'user', id: SECURITY_ADMIN });
    expect(item?.decision?.decision).toBe('reassigned');
  });

  it('reminds only reviewers with pending items, once per slot, in the thread of their item', async () => {
    const at = new Date(Date.parse(campaign.startedAt) + 25 * 3_600_000);
    expect(
      (
        await runReminders(
          h.bot.ctx,
          rig.deps,
          campaign.id,
          new Date(Date.parse(campaign.startedAt) + 60_000),
        )
      ).result,
    ).toBe('too-early');
    const run = await runReminders(h.bot.ctx, rig.deps, campaign.id, at);
    expect(run).toEqual({ result: 'reminded', reviewers: [SECURITY_ADMIN] });
    await runReminders(h.bot.ctx, rig.deps, campaign.id, new Date(at.getTime() + 60_000));
    const item = await eventually(() => itemMessage(h, dm(SECURITY_ADMIN), '@data-reader'), 'the item');
    const reminder = await eventually(
      () => h.slack.store.threadOf(dm(SECURITY_ADMIN), item.ts).find((m) => m.text.startsWith('Reminder')),
      'the reminder',
    );
    expect(blocksText(reminder)).toContain('@data-reader');
    await sleep(300);
    expect(
      h.slack.store.threadOf(dm(SECURITY_ADMIN), item.ts).filter((m) => m.text.startsWith('Reminder')),
    ).toHaveLength(1);
    for (const channel of [dm(BYSTANDER), dm(RESPONDER), TEST_CHANNEL])
      expect(h.slack.store.messagesIn(channel).some((m) => m.text.startsWith('Reminder'))).toBe(false);
  });

  it('closes on Close now: summary, and the CSV and JSON evidence with every decision', async () => {
    const status = await eventually(
      () => h.slack.store.messagesIn(TEST_CHANNEL).find((m) => m.text.startsWith('Access review campaign')),
      'the status message',
    );
    await h.slack.sender.sendBlockActions({
      userId: RESPONDER,
      channelId: TEST_CHANNEL,
      messageTs: status.ts,
      actions: [{ actionId: A.closeCampaign }],
    });
    await eventually(
      () =>
        h.slack.store.ephemeralsFor(RESPONDER).find((e) => /close an access-review campaign/.test(e.text)),
      'the refusal',
    );
    expect((await loadCampaign(h.bot.ctx.redis, prefix(), campaign.id))?.status).toBe('open');
    expect(await audited(h, 'refused.access-review.campaign.close')).toEqual([
      expect.objectContaining({ who: RESPONDER, detail: `security-admin; ${campaign.id}` }),
    ]);

    await h.slack.sender.sendBlockActions({
      userId: SECURITY_ADMIN,
      channelId: TEST_CHANNEL,
      messageTs: status.ts,
      actions: [{ actionId: A.closeCampaign }],
    });
    const summary = await eventually(
      () => h.slack.store.messagesIn(TEST_CHANNEL).find((m) => m.text.startsWith('Access review closed')),
      'the summary',
    );
    expect(blocksText(summary)).toMatch(
      /kept \*\d\*, revoked \*\d\*, reassigned \(undecided\) \*1\*, undecided \*0\*/,
    );
    const file = (ext: string) =>
      [...h.slack.store.files.values()].find(
        (f) => f.name === `access-review-${campaign.id}.${ext}` && f.completed,
      );
    const csv = (await eventually(() => file('csv'), 'the CSV'))?.bytes?.toString('utf8') ?? '';
    const json = JSON.parse(
      (await eventually(() => file('json'), 'the JSON'))?.bytes?.toString('utf8') ?? '{}',
    );
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^campaign_id,account_id,principal_kind,principal_name,principal_arn,owner,/);
    expect(csv).toContain(
      `user,alice.payments,arn:aws:iam::${ACCOUNT}:user/alice.payments,payments,registry,${BYSTANDER},keep,${BYSTANDER},`,
    );
    expect(csv).toContain('Runs the monthly payouts; MFA ticket PAY-12');
    expect(csv).toContain(`role,'@data-reader,`);
    const rows = json.rows as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.decision)).toEqual([
      'keep',
      'revoke',
      expect.stringMatching(/keep|revoke/),
      'reassigned',
    ]);
    expect(rows[1]).toMatchObject({
      principal_name: 'ci-deployer',
      decided_by: RESPONDER,
      remediation_done: '',
      active_access_keys: 0,
    });
    expect(await exportCampaign(h.bot.ctx.redis, prefix(), campaign.id, 'csv')).toBe(csv);
    // The status message lost its button and says who closed it.
    await eventually(() => {
      const m = h.slack.store.findMessage(TEST_CHANNEL, status.ts);
      return m && !blocksText(m).includes(A.closeCampaign) && blocksText(m).includes(`<@${SECURITY_ADMIN}>`)
        ? m
        : undefined;
    }, 'the closed status');
    // The pending item lost its buttons too.
    await eventually(() => {
      const m = itemMessage(h, dm(SECURITY_ADMIN), '@data-reader');
      return m && !blocksText(m).includes(A.keep) ? m : undefined;
    }, 'the pending item closed');
  });

  it('has every decision in the audit log: who, when, justification, decision, principal and campaign', async () => {
    const audit = await h.bot.ctx.redis.xrange(auditStreamKey(prefix()), '-', '+');
    const entries = audit.map(([, fields]) => {
      const record: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) record[fields[i] as string] = fields[i + 1] as string;
      return record;
    });
    const decisions = entries.filter((e) => /^access-review\.(keep|revoke|reassign)$/.test(e.action ?? ''));
    expect(decisions.map((e) => e.action).sort()).toEqual(
      [
        'access-review.keep',
        'access-review.reassign',
        'access-review.revoke',
        expect.stringMatching(/keep|revoke/),
      ].sort(),
    );
    for (const e of decisions) {
      const after = JSON.parse(e.after ?? '{}');
      expect(after.campaignId).toBe(campaign.id);
      expect(after.principalArn).toMatch(/^arn:aws:iam::314159265358:/);
      expect(typeof after.justification).toBe('string');
      expect(e.who).toMatch(/^U/);
      expect(Date.parse(e.at ?? '')).not.toBeNaN();
    }
    expect(entries.some((e) => e.action === 'access-review.campaign.close' && e.who === SECURITY_ADMIN)).toBe(
      true,
    );
    const items = await loadItems(h.bot.ctx.redis, prefix(), campaign.id);
    expect(items).toHaveLength(4);
  });
});

describe('a campaign without a campaign channel in config', () => {
  let h: Harness;
  const reportId = 'ar-e2e-default-destination';
  const prefix = () => h.bot.ctx.config.redis.prefix;

  beforeAll(async () => {
    h = (await startRig(false, null)).h;
    await saveReport(h.bot.ctx.redis, prefix(), storedReport(reportId));
  });
  afterAll(async () => {
    await h.stop();
  });

  it('sends a principal nobody owns to who started it, by DM, never into the channel clicked in', async () => {
    const report = await postReportMessage(h, reportId);
    const plan = await startReview(h, SECURITY_ADMIN, report.ts);
    expect(plan.blocks).toContain(
      `1 message for principals without a reachable owner to you, by DM (<@${SECURITY_ADMIN}>)`,
    );
    const legacy = await eventually(() => itemMessage(h, dm(SECURITY_ADMIN), 'legacy-admin'), 'legacy-admin');
    expect(blocksText(legacy)).toContain('sent to the person who started the review');
    // Owned principals still go to their owners (ci-deployer's team channel is the test channel).
    await eventually(() => itemMessage(h, TEST_CHANNEL, 'ci-deployer'), 'ci-deployer');
    expect(itemMessage(h, TEST_CHANNEL, 'legacy-admin')).toBeUndefined();
  });
});

describe('Revoke with remediation on', () => {
  let rig: Awaited<ReturnType<typeof startRig>>;
  let h: Harness;
  let campaignId = '';
  beforeAll(async () => {
    rig = await startRig(true);
    h = rig.h;
  });
  afterAll(async () => {
    await h.stop();
  });

  const ticked = {
    [F.confirmBlock]: {
      [F.confirmInput]: {
        type: 'checkboxes',
        selected_options: [{ value: F.confirmValue, text: { type: 'plain_text', text: 'Deactivate' } }],
      },
    },
  };
  const dataReaderArn = `arn:aws:iam::${ACCOUNT}:role/@data-reader`;

  /** The revoke confirmation the decision modal turned into (once IAM was read). */
  const confirmationOf = (viewId: string) => confirmationIn(h, viewId);

  it('starts a campaign over three principals', async () => {
    const prefix = h.bot.ctx.config.redis.prefix;
    const principals = storedReport('x').report.principals.filter(
      (p) => p.name === 'legacy-admin' || p.name === 'ci-deployer' || p.name === '@data-reader',
    );
    await saveReport(h.bot.ctx.redis, prefix, storedReport('ar-remediate', principals));
    const report = await postReportMessage(h, 'ar-remediate');
    await startReview(h, SECURITY_ADMIN, report.ts);
    campaignId = await eventually(
      () => h.bot.ctx.redis.get(campaignKeys(prefix).byReport('ar-remediate')).then((v) => v ?? undefined),
      'the campaign',
    );
    await eventually(() => itemMessage(h, dm(RESPONDER), '@data-reader'), 'data-reader in the DM');
  });

  it('offers no "Change IAM" to a responder: Revoke is recorded as a follow-up and IAM is untouched', async () => {
    const prefix = h.bot.ctx.config.redis.prefix;
    const ci = await eventually(() => itemMessage(h, TEST_CHANNEL, 'ci-deployer'), 'ci-deployer');
    const view = await openModal(h, RESPONDER, TEST_CHANNEL, ci, A.revoke);
    expect(JSON.stringify(view.view)).not.toContain(F.confirmBlock);
    expect(JSON.stringify(view.view)).toMatch(/Only a security admin can have Watchkeeper change IAM/);
    await h.slack.sender.sendViewSubmission({
      userId: RESPONDER,
      viewId: view.id,
      values: justification('Not needed'),
    });
    const item = await eventually(
      () => loadItem(h.bot.ctx.redis, prefix, campaignId, 'role/ci-deployer').then((i) => i?.decision),
      'the revoke',
    );
    expect(item.followUp).toMatch(/detach its policies/);
    expect(rig.recorder.calls).toEqual([]);
  });

  it('refuses a Revoke-and-change-IAM from a responder who is the reviewer: audited, nothing recorded, IAM untouched', async () => {
    const prefix = h.bot.ctx.config.redis.prefix;
    const data = await eventually(() => itemMessage(h, dm(RESPONDER), '@data-reader'), 'data-reader');
    const view = await openModal(h, RESPONDER, dm(RESPONDER), data, A.revoke);
    // The checkbox is not offered; a stale or forged submission carries it all the same.
    const refused = await h.slack.sender.sendViewSubmission({
      userId: RESPONDER,
      viewId: view.id,
      values: { ...justification('Unused since the migration'), ...ticked },
    });
    expect(refused.effect).toMatchObject({ kind: 'errors' });
    expect(JSON.stringify(refused.effect)).toMatch(/needs the security-admin role/);
    expect(await audited(h, 'refused.access-review.remediate')).toEqual([
      expect.objectContaining({ who: RESPONDER, detail: `security-admin; ${campaignId} ${dataReaderArn}` }),
    ]);
    expect(
      (await loadItem(h.bot.ctx.redis, prefix, campaignId, 'role/@data-reader'))?.decision,
    ).toBeUndefined();
    expect(rig.recorder.calls).toEqual([]);
  });

  it('refuses the same in decide() itself, whoever calls it', async () => {
    const prefix = h.bot.ctx.config.redis.prefix;
    const outcome = await decide(h.bot.ctx, rig.deps, {
      campaignId,
      itemKey: 'role/@data-reader',
      decision: 'revoke',
      by: RESPONDER,
      justification: 'Unused since the migration',
      remediate: true,
    });
    expect(outcome).toEqual({ ok: false, message: REMEDIATION_NEEDS_ADMIN });
    expect(await audited(h, 'refused.access-review.remediate')).toHaveLength(2);
    expect(
      (await loadItem(h.bot.ctx.redis, prefix, campaignId, 'role/@data-reader'))?.decision,
    ).toBeUndefined();
    expect(rig.recorder.calls).toEqual([]);
  });

  it('shows a security admin who ticks "Change IAM" exactly what will change, and changes nothing on Cancel', async () => {
    const prefix = h.bot.ctx.config.redis.prefix;
    const legacy = await eventually(() => itemMessage(h, TEST_CHANNEL, 'legacy-admin'), 'legacy-admin');
    const modal = await openModal(h, SECURITY_ADMIN, TEST_CHANNEL, legacy, A.revoke);
    expect(JSON.stringify(modal.view)).toContain(F.confirmBlock);
    const submitted = await h.slack.sender.sendViewSubmission({
      userId: SECURITY_ADMIN,
      viewId: modal.id,
      values: { ...justification('Unused for a year'), ...ticked },
    });
    // The same modal turns into the list (no second modal to lose track of).
    expect(submitted.effect).toEqual({ kind: 'updated', viewId: modal.id });
    const confirmation = await confirmationOf(modal.id);
    expect(confirmation.text).toContain(
      `Revoke* IAM user *legacy-admin* \`arn:aws:iam::${ACCOUNT}:user/legacy-admin\``,
    );
    expect(confirmation.text).toContain(`in AWS account \`${ACCOUNT}\``);
    expect(confirmation.text).toContain(
      '*Deactivate 1 access key* (set Inactive; each can be made Active again)\n• `AKIA…7Q2X`',
    );
    expect(confirmation.text).toContain(
      '*Detach 1 managed policy* (each stays in the account and can be attached again)\n• `arn:aws:iam::aws:policy/AdministratorAccess`',
    );
    expect(confirmation.text).toContain(
      '*Not changed:* inline policies, group memberships, the console password',
    );
    expect(confirmation.text).toContain('*Why:* Unused for a year');
    expect(confirmation.submit).toBe('Revoke and change IAM');
    expect(confirmation.close).toBe('Cancel');
    // Read, never written: no decision, nothing applied.
    expect(rig.recorder.calls).toEqual([`${ACCOUNT} plan user legacy-admin`]);
    expect(
      (await loadItem(h.bot.ctx.redis, prefix, campaignId, 'user/legacy-admin'))?.decision,
    ).toBeUndefined();

    await h.slack.sender.sendViewClosed({ userId: SECURITY_ADMIN, viewId: modal.id });
    expect(rig.recorder.calls).toEqual([`${ACCOUNT} plan user legacy-admin`]);
    expect(
      (await loadItem(h.bot.ctx.redis, prefix, campaignId, 'user/legacy-admin'))?.decision,
    ).toBeUndefined();
    expect(await audited(h, 'access-review.revoke')).toEqual([
      expect.objectContaining({ who: RESPONDER }), // ci-deployer's, recorded above without IAM changes
    ]);
  });

  it('refuses the list to anyone but the security admin who asked for it: nothing recorded, IAM untouched', async () => {
    const prefix = h.bot.ctx.config.redis.prefix;
    const legacy = await eventually(() => itemMessage(h, TEST_CHANNEL, 'legacy-admin'), 'legacy-admin');
    const modal = await openModal(h, SECURITY_ADMIN, TEST_CHANNEL, legacy, A.revoke);
    await h.slack.sender.sendViewSubmission({
      userId: SECURITY_ADMIN,
      viewId: modal.id,
      values: { ...justification('Unused for a year'), ...ticked },
    });
    await confirmationOf(modal.id);
    // A forged submission of the admin's list by a responder.
    const forged = await h.slack.sender.sendViewSubmission({
      userId: RESPONDER,
      viewId: modal.id,
      values: {},
    });
    expect(forged.effect).toEqual({ kind: 'updated', viewId: modal.id });
    expect(JSON.stringify(h.slack.store.views.get(modal.id)?.view)).toContain(
      'Only the person who asked for this revoke can confirm it.',
    );
    expect(rig.recorder.calls.filter((c) => c.includes(' apply '))).toEqual([]);
    expect(
      (await loadItem(h.bot.ctx.redis, prefix, campaignId, 'user/legacy-admin'))?.decision,
    ).toBeUndefined();
    await h.slack.sender.sendViewClosed({ userId: SECURITY_ADMIN, viewId: modal.id });
  });

  it('changes IAM exactly as listed when the security admin confirms, and records it (masked)', async () => {
    const prefix = h.bot.ctx.config.redis.prefix;
    const id = campaignId;
    const legacy = await eventually(() => itemMessage(h, TEST_CHANNEL, 'legacy-admin'), 'legacy-admin');
    const second = await openModal(h, SECURITY_ADMIN, TEST_CHANNEL, legacy, A.revoke);
    await h.slack.sender.sendViewSubmission({
      userId: SECURITY_ADMIN,
      viewId: second.id,
      values: { ...justification('Unused for a year'), ...ticked },
    });
    const { pendingId } = await confirmationOf(second.id);
    const calls = rig.recorder.calls.length;
    const confirmed = await h.slack.sender.sendViewSubmission({
      userId: SECURITY_ADMIN,
      viewId: second.id,
      values: {},
    });
    expect(confirmed.effect).toEqual({ kind: 'closed' });
    const item = await eventually(
      () =>
        loadItem(h.bot.ctx.redis, prefix, id, 'user/legacy-admin').then((i) =>
          i?.decision?.remediation ? i : undefined,
        ),
      'the remediation result',
    );
    // One apply, of the list shown: nothing read again, nothing else changed.
    expect(rig.recorder.calls.slice(calls)).toEqual([
      `${ACCOUNT} apply user legacy-admin: keys AKIA…7Q2X; policies 1`,
    ]);
    expect(item.decision).toMatchObject({
      decision: 'revoke',
      by: SECURITY_ADMIN,
      justification: 'Unused for a year',
    });
    expect(item.decision?.remediation).toEqual({
      deactivatedKeys: ['AKIA…7Q2X'],
      detachedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
    });
    const remediated = await audited(h, 'access-review.remediate');
    expect(remediated).toEqual([expect.objectContaining({ who: SECURITY_ADMIN })]);
    expect(JSON.parse(String(remediated[0]?.after))).toMatchObject({
      confirmed: {
        accessKeys: ['AKIA…7Q2X'],
        managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
      },
      deactivatedKeys: ['AKIA…7Q2X'],
      detachedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
    });
    const updated = await eventually(() => {
      const m = h.slack.store.findMessage(TEST_CHANNEL, legacy.ts);
      return m && blocksText(m).includes('Remediation:') ? m : undefined;
    }, 'the item message with the remediation');
    expect(blocksText(updated)).toContain('AKIA…7Q2X');
    const csv = await exportCampaign(h.bot.ctx.redis, prefix, id, 'csv');
    expect(csv).toContain('deactivated AKIA…7Q2X; detached arn:aws:iam::aws:policy/AdministratorAccess');
    expect(csv).not.toMatch(/AKIA[A-Z0-9]{16}/);
    // The list is used up: it cannot be applied twice.
    expect(await h.bot.ctx.redis.exists(campaignKeys(prefix).pendingRevoke(pendingId))).toBe(0);
  });

  it('refuses a decide() that would change IAM without a confirmed list', async () => {
    const prefix = h.bot.ctx.config.redis.prefix;
    const calls = rig.recorder.calls.length;
    const outcome = await decide(h.bot.ctx, rig.deps, {
      campaignId,
      itemKey: 'role/@data-reader',
      decision: 'revoke',
      by: SECURITY_ADMIN,
      justification: 'Unused since the migration',
      remediate: true,
    });
    expect(outcome).toEqual({ ok: false, message: REMEDIATION_NEEDS_CONFIRMED_PLAN });
    expect(rig.recorder.calls.length).toBe(calls);
    expect(
      (await loadItem(h.bot.ctx.redis, prefix, campaignId, 'role/@data-reader'))?.decision,
    ).toBeUndefined();
  });

  it('closes itself at the deadline and removes its reminder scheduler', async () => {
    const prefix = h.bot.ctx.config.redis.prefix;
    const id = String(await h.bot.ctx.redis.get(campaignKeys(prefix).byReport('ar-remediate')));
    const schedulers = () => h.bot.ctx.queues.schedules.getJobSchedulers(0, -1);
    await eventually(
      async () => ((await schedulers()).some((s) => s.key.includes(id)) ? true : undefined),
      'the scheduler',
    );
    const open = await loadCampaign(h.bot.ctx.redis, prefix, id);
    const run = await runReminders(h.bot.ctx, rig.deps, id, new Date(Date.parse(String(open?.deadline)) + 1));
    expect(run.result).toBe('closed');
    expect(await loadCampaign(h.bot.ctx.redis, prefix, id)).toMatchObject({
      status: 'closed',
      closedBy: 'watchkeeper',
    });
    expect((await schedulers()).some((s) => s.key.includes(id))).toBe(false);
    await eventually(
      () =>
        [...h.slack.store.files.values()].find((f) => f.name === `access-review-${id}.csv` && f.completed),
      'the evidence at the deadline',
    );
  });
});

describe('Revoke with remediation on, for a principal with many managed policies', () => {
  let rig: Awaited<ReturnType<typeof startRig>>;
  let h: Harness;
  beforeAll(async () => {
    rig = await startRig(true, TEST_CHANNEL, { policies: 45 });
    h = rig.h;
  });
  afterAll(async () => {
    await h.stop();
  });

  it('lists the first 20 and counts the rest, and confirming detaches all 45 listed', async () => {
    const prefix = h.bot.ctx.config.redis.prefix;
    const principals = storedReport('x').report.principals.filter((p) => p.name === 'legacy-admin');
    await saveReport(h.bot.ctx.redis, prefix, storedReport('ar-many', principals));
    const report = await postReportMessage(h, 'ar-many');
    await startReview(h, SECURITY_ADMIN, report.ts);
    const campaignId = await eventually(
      () => h.bot.ctx.redis.get(campaignKeys(prefix).byReport('ar-many')).then((v) => v ?? undefined),
      'the campaign',
    );
    const legacy = await eventually(() => itemMessage(h, TEST_CHANNEL, 'legacy-admin'), 'legacy-admin');
    const modal = await openModal(h, SECURITY_ADMIN, TEST_CHANNEL, legacy, A.revoke);
    await h.slack.sender.sendViewSubmission({
      userId: SECURITY_ADMIN,
      viewId: modal.id,
      values: {
        ...justification('Left the company'),
        [F.confirmBlock]: {
          [F.confirmInput]: {
            type: 'checkboxes',
            selected_options: [{ value: F.confirmValue, text: { type: 'plain_text', text: 'Deactivate' } }],
          },
        },
      },
    });
    // The stand-in validates the updated view as Slack does: it is shown only when it fits.
    const confirmation = await confirmationIn(h, modal.id);
    expect(confirmation.text).toContain('*Detach 45 managed policies*');
    const listed = confirmation.text.split('\n').filter((l) => l.startsWith('• `arn:'));
    expect(listed).toEqual(rig.recorder.policies.slice(0, 20).map((arn) => `• \`${arn}\``));
    expect(confirmation.text).toContain('…and 25 more managed policies');

    await h.slack.sender.sendViewSubmission({ userId: SECURITY_ADMIN, viewId: modal.id, values: {} });
    const item = await eventually(
      () =>
        loadItem(h.bot.ctx.redis, prefix, campaignId, 'user/legacy-admin').then((i) =>
          i?.decision?.remediation ? i : undefined,
        ),
      'the remediation result',
    );
    expect(rig.recorder.calls.filter((c) => c.includes(' apply '))).toEqual([
      `${ACCOUNT} apply user legacy-admin: keys AKIA…7Q2X; policies 45`,
    ]);
    expect(item.decision?.remediation?.detachedPolicies).toEqual(rig.recorder.policies);
  });
});
