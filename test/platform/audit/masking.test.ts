import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCampaignCsv, renderCampaignJson } from '../../../src/iam/review/campaign/export.js';
import type { Campaign, CampaignItem } from '../../../src/iam/review/campaign/model.js';
import { auditStreamKey, createAuditLog } from '../../../src/platform/audit/audit.js';
import { exportAudit } from '../../../src/platform/audit/export.js';
import { captureLogs } from '../../support/log-capture.js';
import { testRedisClient, uniquePrefix } from '../../support/redis.js';

const KEY_ID = 'AKIAZ7CANARY0KEY4Q2W';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARY0SEC';
const SESSION = 'FwoGZXIvYXdzEJr//////////wEaDCanary0SessionToken0Audit';
const SLACK = 'xoxp-1234567890-0987654321-CanaryAuditTok';
const CANARIES = [KEY_ID, SECRET, SESSION, SLACK];
const AGENT = `Boto3/1.34 aws_secret_access_key=${SECRET} AWS_SESSION_TOKEN=${SESSION}`;

let redis: Redis;
beforeAll(() => {
  redis = testRedisClient();
});
afterAll(async () => {
  await redis.quit();
});

function expectNoCanary(text: string): void {
  for (const canary of CANARIES) expect(text).not.toContain(canary);
}

async function streamText(prefix: string): Promise<string> {
  return JSON.stringify(await redis.xrange(auditStreamKey(prefix), '-', '+'));
}

describe('the audit stream records secrets masked', () => {
  it('masks a nested actor.accessKeyId, a user agent and the detail in the stream and the log line', async () => {
    const prefix = uniquePrefix('audit-mask');
    const { logger, text } = captureLogs();
    const audit = createAuditLog({ redis, prefix, logger });
    await audit.record({
      who: 'watchkeeper',
      action: 'alert.opened',
      incidentId: 'INC-MASK1',
      at: new Date('2025-03-01T10:00:00Z'),
      after: { title: `Key ${KEY_ID} used`, actor: { accessKeyId: KEY_ID, userAgent: AGENT } },
      detail: `posted with ${SLACK}`,
    });

    const stored = await streamText(prefix);
    expectNoCanary(stored);
    expect(stored).toContain('AKIA…4Q2W');
    expectNoCanary(text());
    expect(text()).toContain('"accessKeyId":"AKIA…4Q2W"');
  });

  it('still shows a change that masking alone would hide', async () => {
    const prefix = uniquePrefix('audit-mask');
    const audit = createAuditLog({ redis, prefix, logger: captureLogs().logger });
    await audit.record({
      who: 'watchkeeper',
      action: 'alert.updated',
      at: new Date('2025-03-01T10:00:00Z'),
      before: { actor: { accessKeyId: 'AKIAAAAAAAAAAAAA4Q2W' } },
      after: { actor: { accessKeyId: KEY_ID } },
    });
    const [row] = (await exportAudit(redis, prefix, { since: new Date(0), format: 'jsonl' }))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { before: unknown; after: unknown });
    expect(row?.before).toEqual({ actor: { accessKeyId: 'AKIA…4Q2W' } });
    expect(row?.after).toEqual({ actor: { accessKeyId: 'AKIA…4Q2W' } });
  });
});

describe('audit exports', () => {
  it('mask entries recorded before masking existed, in CSV and JSON lines', async () => {
    const prefix = uniquePrefix('audit-legacy');
    // An entry as older versions wrote it: the key id and tokens in full.
    await redis.xadd(
      auditStreamKey(prefix),
      '*',
      ...['who', 'watchkeeper', 'action', 'alert.opened', 'incident', 'INC-OLD', 'at'],
      '2025-03-01T10:00:00.000Z',
      'before',
      '',
      'after',
      JSON.stringify({ actor: { accessKeyId: KEY_ID, userAgent: AGENT }, n: 3 }),
      'detail',
      `token ${SLACK}`,
    );
    const jsonl = await exportAudit(redis, prefix, { since: new Date(0), format: 'jsonl' });
    const csv = await exportAudit(redis, prefix, { since: new Date(0), format: 'csv' });
    expectNoCanary(jsonl);
    expectNoCanary(csv);
    expect(JSON.parse(jsonl)).toMatchObject({
      after: { actor: { accessKeyId: 'AKIA…4Q2W' }, n: 3 },
      detail: 'token xoxp-****',
    });
  });

  it('mask the access-review campaign evidence, CSV and JSON', () => {
    const campaign: Campaign = {
      id: 'arc-mask-1',
      accountId: '314159265358',
      reportId: 'ar-mask',
      startedBy: 'U0SECADMN1',
      startedAt: '2026-11-02T09:00:00.000Z',
      deadline: '2026-11-16T09:00:00.000Z',
      statusChannel: 'C0SECOPS01',
      status: 'closed',
      itemCount: 1,
    };
    const item: CampaignItem = {
      key: 'user/ci-bot',
      index: 0,
      evidence: {
        kind: 'user',
        name: 'ci-bot',
        arn: 'arn:aws:iam::314159265358:user/ci-bot',
        consoleAccess: false,
        mfa: false,
        activeAccessKeys: 1,
        admin: false,
        escalationMethods: [],
        findingCounts: { critical: 0, high: 0, medium: 0, low: 0 },
      },
      owner: { team: 'platform', source: 'registry', detail: 'rule 1' },
      reviewer: { kind: 'user', id: 'U0BYSTAND1', why: 'contact' },
      round: 1,
      reassignments: [],
      decision: {
        decision: 'keep',
        by: 'U0BYSTAND1',
        at: '2026-11-03T10:00:00.000Z',
        justification: `still used by the pipeline, key ${KEY_ID}, see ${AGENT}`,
        followUp: `rotate ${SLACK}`,
      },
    };
    const csv = renderCampaignCsv(campaign, [item]);
    const json = renderCampaignJson(campaign, [item]);
    expectNoCanary(csv);
    expectNoCanary(json);
    expect(csv).toContain('AKIA…4Q2W');
  });
});
