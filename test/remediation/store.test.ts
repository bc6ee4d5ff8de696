import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/platform/errors.js';
import { RequestStateError } from '../../src/remediation/errors.js';
import type { RequestRecord } from '../../src/remediation/request.js';
import { createRemediationStore, remediationKeys } from '../../src/remediation/store.js';
import { deletePrefix, testRedisClient, uniquePrefix } from '../support/redis.js';

const redis = testRedisClient();
const prefix = uniquePrefix('rem');
const store = createRemediationStore(redis, prefix);
afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

const draft = (
  subjectKey: string,
  reason = 'Key used from a threat-list IP',
): Omit<RequestRecord, 'requestId'> => ({
  previewId: 'p1',
  incidentId: 'INC-S1',
  actionId: 'deactivateAccessKey',
  accountId: '444455556666',
  region: 'eu-west-1',
  resourceLabel: 'access key AKIA…2E4R of IAM user ines.okafor',
  subjectKey,
  state: {
    accountId: '444455556666',
    userName: 'ines.okafor',
    accessKeyId: 'AKIAEXAMPLEKEYQ7W2E4R',
    statusBefore: 'Active',
  },
  calls: [],
  undoCalls: [],
  consequence: 'c',
  permissions: { checked: true, denied: [] },
  previewedBy: 'U0RESPOND1',
  previewedAt: '2026-12-04T02:00:00.000Z',
  status: 'pending-approval',
  requestedBy: 'U0RESPOND1',
  requestedByName: 'rita',
  reason,
  requestedAt: '2026-12-04T02:00:00.000Z',
  secondApprover: true,
  undoRound: 0,
});

describe('the remediation store', () => {
  it('creates one request per subject while it is active, however many arrive at once', async () => {
    const results = await Promise.allSettled([
      store.create(draft('INC-S1.a.x')),
      store.create(draft('INC-S1.a.x')),
      store.create(draft('INC-S1.a.x')),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(2);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(RequestStateError);
    expect((await store.get('INC-S1.a.x.1'))?.requestId).toBe('INC-S1.a.x.1');
  });

  it('lets one of two concurrent decisions win, and starts a new round once the request is over', async () => {
    const decisions = await Promise.allSettled([
      store.transition('INC-S1.a.x.1', ['pending-approval'], 'approved', { approvedBy: 'sam' }),
      store.transition('INC-S1.a.x.1', ['pending-approval'], 'rejected', { rejectedBy: 'sam' }),
    ]);
    expect(decisions.filter((d) => d.status === 'fulfilled')).toHaveLength(1);
    const now = await store.get('INC-S1.a.x.1');
    await store.transition(
      'INC-S1.a.x.1',
      ['approved', 'rejected'],
      now?.status === 'approved' ? 'failed' : 'rejected',
    );
    const second = await store.create(draft('INC-S1.a.x', 'again'));
    expect(second.requestId).toBe('INC-S1.a.x.2');
    expect(second.reason).toBe('again');
  });

  it('keeps whatever the reason says, even what looks like a placeholder', async () => {
    const r = await store.create(draft('INC-S1.b.y', 'ROUND __ROUND__ ROUND0 %s'));
    expect(r.requestId).toBe('INC-S1.b.y.1');
    expect(r.reason).toBe('ROUND __ROUND__ ROUND0 %s');
  });

  it('refuses a stored record that no longer fits the schema, with the field named', async () => {
    await redis.hset(
      remediationKeys(prefix).requests('INC-S1.c.z'),
      '1.status',
      'approved',
      '1.record',
      JSON.stringify({ requestId: 'INC-S1.c.z.1' }),
    );
    const error = await store.get('INC-S1.c.z.1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(String((error as Error).message)).toMatch(
      /Stored remediation request INC-S1.c.z.1 is invalid: .*incidentId/,
    );
  });

  it('reads a forged or malformed request id as no request', async () => {
    expect(await store.get('INC-S1.a.x')).toBeUndefined();
    expect(await store.get('INC-S1.a.x.1:evil')).toBeUndefined();
    await expect(store.transition('nonsense', ['approved'], 'running')).rejects.toBeInstanceOf(
      RequestStateError,
    );
  });

  it('saves progress only while the status is unchanged', async () => {
    const r = await store.create(draft('INC-S1.d.w'));
    expect(await store.save({ ...r, status: 'running' })).toBe(false);
    expect(await store.save({ ...r, reason: 'updated' })).toBe(true);
    expect((await store.get(r.requestId))?.reason).toBe('updated');
  });
});
