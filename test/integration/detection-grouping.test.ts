import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alert.js';
import { loadDetectionCatalog } from '../../src/alerts/detections/catalog-loader.js';
import { detectionPort } from '../../src/alerts/detections/normalizer-port.js';
import { normalize, normalizeInput } from '../../src/alerts/normalize.js';
import { createIncidentEngine } from '../../src/incidents/engine.js';
import { groupKeyOf, groupWindowMs } from '../../src/incidents/group-key.js';
import { detectionGroupingSchema } from '../../src/platform/config/detection-grouping.js';
import { incidentsConfigSchema } from '../../src/platform/config/incidents.js';
import { fixture } from '../alerts/helpers.js';
import { deletePrefix, testRedisClient, uniquePrefix } from '../support/redis.js';

/**
 * One caller refused on 30 instances is one incident that lists its targets, not 31: CloudTrail
 * detections group by actor and detection, through the real normalizer and the real incident
 * engine on the run's Redis.
 */

const burst = fixture('cloudtrail/access-denied-burst.json') as { Records: Array<Record<string, unknown>> };
const NOW = new Date('2025-02-24T09:30:00.000Z');

describe('CloudTrail detections grouped by actor', () => {
  const redis = testRedisClient();
  const prefix = uniquePrefix('grp');
  let options: Parameters<typeof normalizeInput>[1];
  beforeAll(async () => {
    options = { now: () => NOW, detections: detectionPort(await loadDetectionCatalog()) };
  });
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  /** One alert per record, as the log-watch workflow sends them (a detection job per record). */
  function perRecordAlerts(records: ReadonlyArray<Record<string, unknown>>): Alert[] {
    return records.flatMap((record) => {
      const result = normalize(
        {
          kind: 'cloudtrail-detection',
          detectionId: 'cis-unauthorized-api-calls',
          receivedAt: NOW.toISOString(),
          origin: 'log-watch',
          payload: record,
        },
        options,
      );
      if (result.status !== 'normalized') throw new Error(JSON.stringify(result));
      return [...result.alerts];
    });
  }

  it('makes one alert of a log file, listing the 30 targets and counting the calls', () => {
    const result = normalizeInput(burst, options);
    expect(result.status).toBe('normalized');
    if (result.status !== 'normalized') return;
    expect(result.alerts).toHaveLength(1);
    expect(result.alerts[0]?.count).toBe(30);
    expect(result.alerts[0]?.description).toMatch(/Targets \(30\): Instance i-0/);
    expect(result.alerts[0]?.description).toMatch(/and 20 more/);
  });

  it('keeps 30 per-record alerts of one actor on one incident, and opens another for a new actor', async () => {
    const engine = createIncidentEngine({
      redis,
      prefix: `${prefix}:inc`,
      config: incidentsConfigSchema.parse({}),
    });
    const alerts = perRecordAlerts(burst.Records);
    expect(new Set(alerts.map((a) => a.resource.id)).size).toBe(30);
    const ids = new Set<string>();
    for (const alert of alerts) {
      const result = await engine.applyAlert(alert, NOW, { runbookId: 'runbook-cis-unauthorized-api-calls' });
      if (result.incident) ids.add(result.incident.id);
    }
    expect(ids.size).toBe(1);
    const [incidentId] = [...ids];
    const incident = await engine.require(String(incidentId));
    expect(incident.dedupeKeys).toHaveLength(30);

    const stranger = burst.Records.slice(0, 1).map((r) => ({
      ...r,
      eventID: 'a0b1c2d3-e4f5-4a6b-8c7d-000000000099',
      userIdentity: {
        type: 'IAMUser',
        arn: 'arn:aws:iam::210987654321:user/contractor-lee',
        accountId: '210987654321',
        userName: 'contractor-lee',
      },
    }));
    const [other] = perRecordAlerts(stranger);
    if (!other) throw new Error('no alert for the second actor');
    const result = await engine.applyAlert(other, NOW, { runbookId: 'runbook-cis-unauthorized-api-calls' });
    expect(result.change).toBe('opened');
    expect(result.incident?.id).not.toBe(incidentId);
  });

  it('keys detections by actor and detection, and other sources by resource', () => {
    const [a, b] = perRecordAlerts(burst.Records.slice(0, 2));
    if (!a || !b) throw new Error('expected two alerts');
    expect(groupKeyOf(a)).toBe(groupKeyOf(b));
    expect(groupKeyOf({ ...a, source: 'guardduty' })).not.toBe(groupKeyOf({ ...b, source: 'guardduty' }));
  });

  it('holds a detection group for the detection window (15 minutes unless configured)', () => {
    const { windowMinutes } = detectionGroupingSchema.parse({});
    expect(windowMinutes).toBe(15);
    const windows = { groupWindowMinutes: 60, detectionWindowMinutes: windowMinutes };
    expect(groupWindowMs({ source: 'cloudtrail-detection' }, windows)).toBe(15 * 60_000);
    expect(groupWindowMs({ source: 'guardduty' }, windows)).toBe(60 * 60_000);
    expect(() => detectionGroupingSchema.parse({ windowMinutes: 0 })).toThrow(/must be above 0/);
  });
});
