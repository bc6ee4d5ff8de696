import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertJobData } from '../../src/alerts/intake/accept.js';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import { composer } from '../../src/main/compose.js';
import { alertsOf } from '../alerts/intake/helpers/alert-jobs.js';
import { CANARY } from '../support/config.js';
import { type Harness, startHarness } from '../support/harness.js';

/**
 * Hostile bodies through the real EventBridge route of the production composition: each is
 * answered for what it is (stored, or refused with a 4xx and a reason), never with the 503 that
 * tells AWS Redis is down, and one bad event never costs the rest of its batch.
 */

const guardDutyEvent = JSON.parse(
  readFileSync(
    new URL('../fixtures/alerts/guardduty/eventbridge-redacted-dns.json', import.meta.url),
    'utf8',
  ),
) as { id: string; detail: Record<string, unknown> & { id: string; title: string; region: string } };

const withKey = { [API_KEY_HEADER]: CANARY.eventBridgeApiKey, 'content-type': 'application/json' };
const LONE_SURROGATE = '\ud800';

/** A GuardDuty event with its own event and finding ids (so a batch is several alerts). */
function finding(n: string, detail: Record<string, unknown> = {}) {
  return {
    ...guardDutyEvent,
    id: `evt-hostile-${n}`,
    region: 'eu-west-1',
    detail: { ...guardDutyEvent.detail, id: `f-hostile-${n}`, region: 'eu-west-1', ...detail },
  };
}

async function post(h: Harness, body: string) {
  const res = await fetch(`${h.bot.url}/intake/eventbridge`, { method: 'POST', body, headers: withKey });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function storedAlerts(h: Harness): Promise<AlertJobData[]> {
  const jobs = await h.bot.ctx.queues.alerts.getJobs(['waiting', 'active', 'completed', 'delayed']);
  return jobs.flatMap((j) => alertsOf(j.data));
}

describe('EventBridge intake under hostile input', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      role: 'web',
      commands: [],
      env: { WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey },
      compose: composer(),
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('stores a finding whose id holds a lone surrogate, with a well-formed console link', async () => {
    const res = await post(h, JSON.stringify(finding('id', { id: `f-${LONE_SURROGATE}-1` })));
    expect(res).toMatchObject({ status: 202, body: { accepted: 1, rejected: [] } });
    const stored = (await storedAlerts(h)).find((d) => d.alert.dedupeKey.startsWith('f-\ud800'));
    // The lone surrogate became U+FFFD (UTF-8 EF BF BD) before it was URL-encoded.
    expect(stored?.alert.links.guardDutyFinding).toContain('f-%EF%BF%BD-1');
  });

  it('stores a finding whose title holds a lone surrogate', async () => {
    const res = await post(h, JSON.stringify(finding('title', { title: `Bitcoin ${LONE_SURROGATE} tool` })));
    expect(res).toMatchObject({ status: 202, body: { accepted: 1, rejected: [] } });
  });

  it('refuses a body nested 10,000 levels deep with 400 and says so, storing nothing', async () => {
    const before = (await storedAlerts(h)).length;
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const body = JSON.stringify(finding('deep', { service: '@DEEP@' })).replace('"@DEEP@"', deep);
    const res = await post(h, body);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('too_deep');
    expect(String(res.body.message)).toMatch(/nested deeper than 64 levels/);
    expect((await storedAlerts(h)).length).toBe(before);
  });

  it('stores a whole batch in which one event holds a lone surrogate, not failing the others with it', async () => {
    const batch = [
      finding('batch-1'),
      finding('batch-2', { id: `f-hostile-batch-2${LONE_SURROGATE}` }),
      finding('batch-3'),
    ];
    const res = await post(h, JSON.stringify(batch));
    expect(res).toMatchObject({ status: 202, body: { accepted: 3, rejected: [] } });
    const keys = (await storedAlerts(h)).map((d) => d.alert.dedupeKey);
    expect(keys).toEqual(expect.arrayContaining(['f-hostile-batch-1', 'f-hostile-batch-3']));
  });
});
