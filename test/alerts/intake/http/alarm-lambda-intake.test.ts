import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../../src/alerts/alert.js';
import { loadDetectionCatalog } from '../../../../src/alerts/detections/catalog-loader.js';
import { API_KEY_HEADER, EVENTBRIDGE_PATH } from '../../../../src/alerts/intake/http/eventbridge.js';
import { normalizeInput } from '../../../../src/alerts/normalize.js';
import { intakeRoutes } from '../../../../workflows/intake.js';
import { CANARY } from '../../../support/config.js';
import { type Harness, startHarness } from '../../../support/harness.js';

/**
 * A CloudWatch alarm Lambda action event (`{source, alarmArn, accountId, time, region,
 * alarmData}`) that a team's function forwards to the EventBridge intake with the API key: it is
 * stored as an alarm alert before the 202, and a broken one is refused naming the field.
 */

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../fixtures/alerts/alarms/${name}`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
const metric = fixture('lambda-action-metric.json');
const composite = fixture('lambda-action-composite.json');
const withKey = { [API_KEY_HEADER]: CANARY.eventBridgeApiKey };

async function post(h: Harness, body: unknown, headers: Record<string, string> = withKey) {
  const res = await fetch(`${h.bot.url}${EVENTBRIDGE_PATH}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function storedAlerts(h: Harness): Promise<Alert[]> {
  const jobs = await h.bot.ctx.queues.alerts.getJobs(['waiting', 'active', 'completed', 'delayed']);
  return jobs.map((job) => (job.data as { alert: Alert }).alert);
}

describe('the EventBridge intake takes an alarm Lambda action event', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      role: 'web',
      commands: [],
      env: { WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey },
      routes: intakeRoutes({ catalog: await loadDetectionCatalog() }),
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('stores it as the alarm alert before answering 202, once however often (and however) it is sent', async () => {
    const first = await post(h, metric);
    expect(first).toMatchObject({ status: 202, body: { accepted: 1, rejected: [] } });
    const again = await post(h, metric);
    expect(again.status).toBe(202);
    // The same state change by the alarm's EventBridge event (an alarm wired both ways).
    const viaEventBridge = {
      version: '0',
      id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
      'detail-type': 'CloudWatch Alarm State Change',
      source: 'aws.cloudwatch',
      account: metric.accountId,
      time: metric.time,
      region: metric.region,
      resources: [metric.alarmArn],
      detail: metric.alarmData,
    };
    expect((await post(h, viaEventBridge)).status).toBe(202);
    const alarms = (await storedAlerts(h)).filter((a) => a.type === 'payments-api p99 latency');
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({
      source: 'cloudwatch-alarm',
      dedupeKey: 'arn:aws:cloudwatch:ca-central-1:468213579024:alarm:payments-api p99 latency',
      alarmState: 'ALARM',
      accountId: '468213579024',
    });
  });

  it('stores a composite alarm OK as a recovery signal', async () => {
    expect(await post(h, composite)).toMatchObject({ status: 202, body: { accepted: 1 } });
    const ok = (await storedAlerts(h)).find((a) => a.type === 'payments-degraded');
    expect(ok?.alarmState).toBe('OK');
  });

  it('refuses one it cannot read with 400, naming the field, and one without the key with 401', async () => {
    const { alarmName: _n, ...data } = metric.alarmData as Record<string, unknown>;
    const broken = await post(h, { ...metric, alarmData: data });
    expect(broken.status).toBe(400);
    expect(JSON.stringify(broken.body.rejected)).toMatch(/alarmData\.alarmName/);
    expect((await post(h, metric, {})).status).toBe(401);
  });
});

describe('the shape detector', () => {
  it('knows the Lambda action event (watchkeeper alert, replay)', () => {
    const result = normalizeInput(metric, { now: () => new Date('2026-10-21T03:20:00.000Z') });
    expect(result).toMatchObject({ status: 'normalized', shape: 'cloudwatch-alarm-lambda-event' });
  });
});
