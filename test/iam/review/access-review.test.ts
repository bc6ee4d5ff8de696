import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../commands/index.js';
import { parseAccessReviewArgs } from '../../../src/iam/review/args.js';
import { accessReviewExportListener } from '../../../src/iam/review/export-action.js';
import { loadReport, reviewHistory } from '../../../src/iam/review/report-store.js';
import { readAudit } from '../../../src/platform/audit/export.js';
import type { AppContext } from '../../../src/platform/context.js';
import { AwsError, toUserMessage } from '../../../src/platform/errors.js';
import { createOutbox } from '../../../src/slack/outbox/index.js';
import { commandTasksWorkflow } from '../../../workflows/command-tasks.js';
import { outboxWorkflow } from '../../../workflows/outbox.js';
import { testConfig } from '../../support/config.js';
import { BYSTANDER, type Harness, RESPONDER, startHarness, TEST_CHANNEL } from '../../support/harness.js';
import { fakeIamPort } from './fake-inventory.js';

const CONFIG_FILE = fileURLToPath(new URL('../../fixtures/access-review/config.yaml', import.meta.url));

async function eventually<T>(probe: () => T | undefined, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('/access-review arguments', () => {
  const config = testConfig({ WATCHKEEPER_CONFIG: CONFIG_FILE });

  it('takes an account by id or alias, a principal, and "private", in any order', () => {
    expect(parseAccessReviewArgs('payments-prod', config)).toEqual({
      accountId: '210987654321',
      scope: 'account',
      private: false,
    });
    expect(parseAccessReviewArgs('private user:alice.ng 123412341234', config)).toEqual({
      accountId: '123412341234',
      scope: 'user:alice.ng',
      private: true,
    });
    expect(parseAccessReviewArgs('SANDBOX Role:deploy-bot', config).scope).toBe('role:deploy-bot');
  });

  it('names what was wrong and shows the usage', () => {
    expect(() => parseAccessReviewArgs('', config)).toThrow(/Say which account: payments-prod, sandbox/);
    expect(() => parseAccessReviewArgs('999999999999', config)).toThrow(
      /999999999999 is not in Watchkeeper's config/,
    );
    expect(() => parseAccessReviewArgs('payments-prod sandbox', config)).toThrow(/Name one account/);
    expect(() => parseAccessReviewArgs('sandbox user:a user:b', config)).toThrow(/at most one/);
    expect(() => parseAccessReviewArgs('sandbox user:bad/name', config)).toThrow(/not a valid IAM user name/);
    expect(() => parseAccessReviewArgs('sandbox whatever', config)).toThrow(
      /"whatever" is not an account id/,
    );
    try {
      parseAccessReviewArgs('sandbox whatever', config);
    } catch (error) {
      expect(toUserMessage(error)).toMatch(/Usage: \/access-review \[account-id/);
    }
  });

  it('needs no account when exactly one is configured, and says so when none is', () => {
    expect(() => parseAccessReviewArgs('', testConfig())).toThrow(/No AWS account is configured/);
  });
});

describe('/access-review against the Slack stand-in', () => {
  let h: Harness;
  let port = fakeIamPort();
  beforeAll(async () => {
    h = await startHarness({
      commands: COMMANDS,
      env: { WATCHKEEPER_CONFIG: CONFIG_FILE },
      compose: async () => (ctx: AppContext) => {
        const outbox = createOutbox({
          queues: ctx.queues,
          redis: ctx.redis,
          prefix: ctx.config.redis.prefix,
        });
        return {
          workflows: [
            commandTasksWorkflow({
              accessReview: { iamPortFor: () => port, outbox, progressIntervalMs: 0 },
            }),
            outboxWorkflow({ renderCard: async () => undefined, cardUpdateIntervalMs: 100 }),
          ],
          listeners: [accessReviewExportListener({ outbox })],
        };
      },
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  const run = (text: string, userId = RESPONDER) =>
    h.slack.sender.sendSlashCommand({ command: '/access-review', text, userId, channelId: TEST_CHANNEL });
  const reportMessage = () =>
    h.slack.store.messagesIn(TEST_CHANNEL).find((m) => m.text?.includes('IAM access review — payments-prod'));

  it('acks at once, shows progress in one status message, then turns it into the report', async () => {
    const ack = await run('payments-prod');
    expect((ack.json as { text: string }).text).toMatch(
      /Running an IAM access review of account 210987654321/,
    );
    const report = await eventually(reportMessage, 'the report');
    // The status message became the report: one message, updated in place.
    expect(
      h.slack.store.messagesIn(TEST_CHANNEL).filter((m) => m.text?.includes('access review')),
    ).toHaveLength(1);
    expect(h.slack.store.callsTo('chat.update').length).toBeGreaterThan(0);
    const json = JSON.stringify(report.blocks);
    expect(json).toMatch(/Score \d+\/100/);
    expect(json).toContain('mallory.admin');
    expect(json).toContain('Export CSV');
    expect(json).toContain('Start review');
    expect((report.blocks as unknown[]).length).toBeLessThanOrEqual(50);
    // Kept for the buttons, and as the digest's latest review of that account.
    const history = await reviewHistory(h.bot.ctx.redis, h.bot.ctx.config.redis.prefix, ['210987654321']);
    expect(history[0]?.counts.critical).toBeGreaterThan(0);
    expect(history[0]?.owners).toEqual({ withOwner: 1, total: 2 });
    expect(await reviewHistory(h.bot.ctx.redis, h.bot.ctx.config.redis.prefix, ['123412341234'])).toEqual([]);
  });

  it('exports the full report as CSV in the report thread, once however often it is clicked', async () => {
    const report = await eventually(reportMessage, 'the report');
    for (let i = 0; i < 2; i++)
      await h.slack.sender.sendBlockActions({
        userId: RESPONDER,
        channelId: TEST_CHANNEL,
        messageTs: report.ts,
        actions: [{ actionId: 'wk_review_export_csv' }],
      });
    const upload = await eventually(
      () => h.slack.store.callsTo('files.completeUploadExternal')[0],
      'the CSV upload',
    );
    expect(upload).toBeDefined();
    const file = [...h.slack.store.files.values()].find((f) =>
      /^access-review-210987654321-\d{4}-\d{2}-\d{2}\.csv$/.test(f.name),
    );
    expect(file?.bytes?.toString('utf8')).toMatch(/^check_id,severity,title/);
    expect(file?.bytes?.toString('utf8')).toContain('WK-IAM-ROOT-1');
    await sleep(300);
    expect(h.slack.store.callsTo('files.completeUploadExternal')).toHaveLength(1);
  });

  it('refuses the export to someone with no role, and audits who and which report', async () => {
    const report = await eventually(reportMessage, 'the report');
    await h.slack.sender.sendBlockActions({
      userId: BYSTANDER,
      channelId: TEST_CHANNEL,
      messageTs: report.ts,
      actions: [{ actionId: 'wk_review_export_csv' }],
    });
    await eventually(
      () => h.slack.store.ephemeralsFor(BYSTANDER, TEST_CHANNEL).find((e) => /responder/.test(e.text ?? '')),
      'the refusal',
    );
    const refusals = (await readAudit(h.bot.ctx.redis, h.bot.ctx.config.redis.prefix, new Date(0))).filter(
      (a) => a.action === 'refused.access-review.export',
    );
    expect(refusals).toEqual([
      expect.objectContaining({ who: BYSTANDER, detail: expect.stringMatching(/^responder; report ar-/) }),
    ]);
    expect(
      h.slack.store.ephemeralsFor(BYSTANDER, TEST_CHANNEL).some((e) => /Uploading/.test(e.text ?? '')),
    ).toBe(false);
  });

  it('shows a narrowed review only to the caller with "private", without a campaign button', async () => {
    await run('payments-prod user:mallory.admin private');
    const answer = await eventually(
      () =>
        h.slack.store
          .ephemeralsFor(RESPONDER, TEST_CHANNEL)
          .find((e) => e.source === 'response_url' && (e.text ?? '').includes('Score')),
      'the private report',
    );
    const json = JSON.stringify(answer.blocks);
    expect(json).toContain('mallory.admin');
    expect(json).not.toContain('ops.reader');
    expect(json).not.toContain('Start review');
  });

  it('refuses someone with no role in the ack, and audits the refusal', async () => {
    const ack = await run('payments-prod', BYSTANDER);
    expect((ack.json as { text: string }).text).toMatch(/responder/);
    const refusals = (await readAudit(h.bot.ctx.redis, h.bot.ctx.config.redis.prefix, new Date(0))).filter(
      (a) => a.action === 'refused.access-review',
    );
    expect(refusals).toEqual([
      expect.objectContaining({
        who: BYSTANDER,
        detail: expect.stringMatching(/run access reviews.*responder/),
      }),
    ]);
  });

  it('says which IAM action is missing, and the role it tried, when AWS refuses', async () => {
    port = fakeIamPort({
      fail: new AwsError({
        service: 'iam',
        operation: 'GetAccountAuthorizationDetails',
        awsCode: 'AccessDenied',
        target: 'account 123412341234',
        roleArn: 'arn:aws:iam::123412341234:role/watchkeeper-reader',
        missingAction: 'iam:GetAccountAuthorizationDetails',
      }),
    });
    await run('sandbox');
    const failed = await eventually(
      () => h.slack.store.messagesIn(TEST_CHANNEL).find((m) => m.text?.includes('access review of sandbox')),
      'the failed status',
    );
    await eventually(
      () =>
        /iam:GetAccountAuthorizationDetails/.test(
          h.slack.store.findMessage(TEST_CHANNEL, failed.ts)?.text ?? '',
        )
          ? true
          : undefined,
      'the failure naming the action',
    );
    expect(h.slack.store.findMessage(TEST_CHANNEL, failed.ts)?.text).toMatch(/watchkeeper-reader/);
    expect(await loadReport(h.bot.ctx.redis, h.bot.ctx.config.redis.prefix, 'ar-missing')).toBeUndefined();
  });
});
