import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alerts/alert.js';
import {
  type Incident,
  incidentSchema,
  MAX_INCIDENT_TARGETS,
  parseStoredIncident,
} from '../../src/incidents/incident.js';
import { testRedisClient } from '../support/redis.js';
import { guardDutyAlert } from './helpers/alerts.js';
import { DEFAULTS, minutes, T0, testEngine } from './helpers/engine.js';

/**
 * Targets gathered across an incident's alerts: on the log-watch path each CloudTrail record is
 * its own alert, so one caller refused on 30 instances is 30 alerts on one incident, which keeps
 * the first 20 instance ids and counts all 30, on the run's Redis through the real engine.
 */

const PRINCIPAL = 'arn:aws:iam::210987654321:user/intern-kit';

/** One record's alert as the detection normalizer writes it: dedupe key detection | actor | resource. */
function deniedOn(n: number, overrides: Partial<Alert> = {}): Alert {
  const instanceId = `i-0${n.toString(16).padStart(16, '0')}`;
  const arn = `arn:aws:ec2:eu-west-1:210987654321:instance/${instanceId}`;
  return {
    dedupeKey: `cis-unauthorized-api-calls|${PRINCIPAL}|${arn}`,
    source: 'cloudtrail-detection',
    accountId: '210987654321',
    region: 'eu-west-1',
    severity: 5,
    severityLabel: 'medium',
    type: 'cis-unauthorized-api-calls',
    title: 'Unauthorized API calls',
    description: `StopInstances by ${PRINCIPAL} on Instance ${instanceId} (failed: Client.UnauthorizedOperation)`,
    resource: { type: 'Instance', id: instanceId, arn, tags: {} },
    actor: { principal: PRINCIPAL, sourceIp: '198.51.100.61', api: 'StopInstances' },
    firstSeen: minutes(n / 10).toISOString(),
    lastSeen: minutes(n / 10).toISOString(),
    count: 1,
    revision: `evt-${n}`,
    links: {},
    raw: {},
    ...overrides,
  };
}

let redis: Redis;
beforeAll(() => {
  redis = testRedisClient();
});
afterAll(async () => {
  await redis.quit();
});

async function applyAll(alerts: readonly Alert[], engine = testEngine(redis)): Promise<Incident[]> {
  const incidents: Incident[] = [];
  for (const alert of alerts) {
    const result = await engine.applyAlert(alert, T0, DEFAULTS);
    if (result.incident) incidents.push(result.incident);
  }
  return incidents;
}

describe('targets across an incident alerts', () => {
  it('keeps 30 alerts of one actor on 30 instances as one incident: 20 ids kept, 30 counted', async () => {
    const engine = testEngine(redis);
    const alerts = Array.from({ length: 30 }, (_, n) => deniedOn(n + 1));
    const incidents = await applyAll(alerts, engine);
    const ids = new Set(incidents.map((i) => i.id));
    expect(ids.size).toBe(1);
    const stored = await engine.require(String([...ids][0]));
    expect(stored.occurrences).toBe(30);
    expect(stored.targets?.total).toBe(30);
    expect(stored.targets?.ids).toHaveLength(MAX_INCIDENT_TARGETS);
    expect(stored.targets?.ids).toEqual(alerts.slice(0, MAX_INCIDENT_TARGETS).map((a) => a.resource.id));
  });

  it('does not count a target twice: a new call on a listed or an unlisted target adds none', async () => {
    const engine = testEngine(redis);
    await applyAll(
      Array.from({ length: 25 }, (_, n) => deniedOn(n + 1)),
      engine,
    );
    // Another refused call (new event id) on instance 3, listed, and on instance 24, past the list.
    const again = await applyAll(
      [deniedOn(3, { revision: 'evt-3b' }), deniedOn(24, { revision: 'evt-24b' })],
      engine,
    );
    const last = again.at(-1);
    expect(last?.occurrences).toBe(27);
    expect(last?.targets).toMatchObject({ total: 25 });
    expect(last?.targets?.ids.filter((id) => id === deniedOn(3).resource.id)).toHaveLength(1);
    // The same delivery again changes nothing at all.
    const repeat = await engine.applyAlert(deniedOn(24, { revision: 'evt-24b' }), T0, DEFAULTS);
    expect(repeat.change).toBe('unchanged');
    expect(repeat.incident?.targets?.total).toBe(25);
  });

  it('stores no targets while an incident has only its own resource (GuardDuty repeats, one instance)', async () => {
    const engine = testEngine(redis);
    const [, repeat] = await applyAll(
      [guardDutyAlert(), guardDutyAlert({ revision: 'r2', count: 2 })],
      engine,
    );
    expect(repeat?.occurrences).toBe(2);
    expect(repeat).not.toHaveProperty('targets');
    const [, sameInstance] = await applyAll([deniedOn(7), deniedOn(7, { revision: 'evt-7b' })]);
    expect(sameInstance).not.toHaveProperty('targets');
  });

  it('keeps a full list of long ids under 1.5 KB of the incident JSON, long ids kept distinct', async () => {
    const long = (n: number) =>
      deniedOn(n, { resource: { type: 'IAMRole', id: `${'r'.repeat(300)}-${n}`, tags: {} } });
    const incidents = await applyAll(Array.from({ length: 40 }, (_, n) => long(n + 1)));
    const last = incidents.at(-1);
    expect(last?.targets?.total).toBe(40);
    expect(last?.targets?.ids.every((id) => id.length <= 64)).toBe(true);
    const targetsBytes = Buffer.byteLength(JSON.stringify(last?.targets));
    expect(new Set(last?.targets?.ids).size).toBe(MAX_INCIDENT_TARGETS);
    expect(targetsBytes).toBeLessThanOrEqual(1_500);
  });
});

describe('incidents stored before targets existed', () => {
  it('still parse, and start their targets from the resource they name', async () => {
    const engine = testEngine(redis);
    const [opened] = await applyAll([deniedOn(1)], engine);
    if (!opened) throw new Error('no incident');
    // As an older version stored it: no `targets` key at all.
    const old = JSON.parse(JSON.stringify(opened)) as Record<string, unknown>;
    delete old.targets;
    expect(Object.hasOwn(old, 'targets')).toBe(false);
    expect(parseStoredIncident(JSON.stringify(old)).targets).toBeUndefined();
    expect(incidentSchema.safeParse(old).success).toBe(true);
    await redis.set(engine.keys.incident(opened.id), JSON.stringify(old));

    const next = await engine.applyAlert(deniedOn(2), minutes(1), DEFAULTS);
    expect(next.incident?.id).toBe(opened.id);
    expect(next.incident?.targets).toEqual({
      ids: [deniedOn(1).resource.id, deniedOn(2).resource.id],
      total: 2,
    });
  });

  it('refuses a stored list past its cap, so a bad write cannot grow without bound', () => {
    const tooMany = { ids: Array.from({ length: MAX_INCIDENT_TARGETS + 1 }, (_, n) => `i-${n}`), total: 21 };
    expect(incidentSchema.shape.targets.safeParse(tooMany).success).toBe(false);
    expect(incidentSchema.shape.targets.safeParse({ ids: ['x'.repeat(65)], total: 2 }).success).toBe(false);
  });
});
