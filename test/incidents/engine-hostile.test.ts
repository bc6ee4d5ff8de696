import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidIncidentError } from '../../src/incidents/incident.js';
import { isPermanentError } from '../../src/platform/errors.js';
import { testRedisClient } from '../support/redis.js';
import { alarmAlert, guardDutyAlert } from './helpers/alerts.js';
import { DEFAULTS, minutes, T0, testEngine } from './helpers/engine.js';

/**
 * The engine against values an attacker or a long-lived noisy source can produce: counts that
 * sum past 2^53, finding ids that name Object.prototype's members, and changes that would store
 * an incident its own schema refuses. Each incident stays readable, so later alerts still apply.
 */

let redis: Redis;
beforeAll(() => {
  redis = testRedisClient();
});
afterAll(async () => {
  await redis.quit();
});

const MAX = Number.MAX_SAFE_INTEGER;

describe('occurrence counts', () => {
  it('saturate at Number.MAX_SAFE_INTEGER, and the incident stays readable for later alerts', async () => {
    const engine = testEngine(redis);
    const first = await engine.applyAlert(alarmAlert({ count: MAX, revision: 'r1' }), T0, DEFAULTS);
    const second = await engine.applyAlert(alarmAlert({ count: MAX, revision: 'r2' }), minutes(1), DEFAULTS);
    expect(second).toMatchObject({ change: 'updated', incident: { occurrences: MAX } });
    const id = first.incident!.id;
    expect((await engine.get(id))?.occurrences).toBe(MAX);
    const third = await engine.applyAlert(alarmAlert({ count: 5, revision: 'r3' }), minutes(2), DEFAULTS);
    expect(third).toMatchObject({ change: 'updated', incident: { id, occurrences: MAX } });
  });

  it('saturate when several findings of one group add up past 2^53', async () => {
    const engine = testEngine(redis);
    await engine.applyAlert(guardDutyAlert({ dedupeKey: 'f-big-1', count: MAX }), T0, DEFAULTS);
    const grouped = await engine.applyAlert(
      guardDutyAlert({ dedupeKey: 'f-big-2', count: MAX }),
      minutes(1),
      DEFAULTS,
    );
    expect(grouped).toMatchObject({ change: 'updated', incident: { occurrences: MAX } });
    const later = await engine.applyAlert(
      guardDutyAlert({ dedupeKey: 'f-big-2', count: MAX, revision: 'r2' }),
      minutes(2),
      DEFAULTS,
    );
    expect(later.change).toBe('updated');
  });
});

describe.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('a finding id %s', (findingId) => {
  it('is counted like any other id: once per revision, cumulatively, across reads', async () => {
    const engine = testEngine(redis);
    const opened = await engine.applyAlert(guardDutyAlert({ dedupeKey: findingId, count: 2 }), T0, DEFAULTS);
    expect(opened).toMatchObject({ change: 'opened', incident: { occurrences: 2, dedupeKeys: [findingId] } });
    const repeat = await engine.applyAlert(guardDutyAlert({ dedupeKey: findingId, count: 2 }), T0, DEFAULTS);
    expect(repeat.change).toBe('unchanged');
    const updated = await engine.applyAlert(
      guardDutyAlert({ dedupeKey: findingId, count: 7, revision: 'r2' }),
      minutes(5),
      DEFAULTS,
    );
    expect(updated).toMatchObject({
      change: 'updated',
      incident: { id: opened.incident!.id, occurrences: 7 },
    });
    // A second finding in the same group adds to the count the stored bookkeeping kept for the first.
    const other = await engine.applyAlert(
      guardDutyAlert({ dedupeKey: `${findingId}-other`, count: 3 }),
      minutes(6),
      DEFAULTS,
    );
    expect(other).toMatchObject({ change: 'updated', incident: { occurrences: 10 } });
  });
});

describe('a change that would store an invalid incident', () => {
  it('fails with a permanent InvalidIncidentError and stores nothing', async () => {
    const engine = testEngine(redis);
    const opened = await engine.applyAlert(guardDutyAlert({ dedupeKey: 'f-invalid' }), T0, DEFAULTS);
    const id = opened.incident!.id;
    const broken = engine.transition(
      id,
      (incident) => ({ ...incident, occurrences: 2 ** 53 + 2 }),
      minutes(1),
    );
    await expect(broken).rejects.toBeInstanceOf(InvalidIncidentError);
    await expect(broken).rejects.toSatisfy(isPermanentError);
    await expect(broken).rejects.toThrow(/occurrences/);
    expect(await engine.get(id)).toEqual(opened.incident);
  });

  it('is refused when an alert would open one, and the next valid alert still opens its incident', async () => {
    const engine = testEngine(redis);
    const invalid = guardDutyAlert({ dedupeKey: 'f-nan', severity: Number.NaN });
    await expect(engine.applyAlert(invalid, T0, DEFAULTS)).rejects.toBeInstanceOf(InvalidIncidentError);
    expect(await engine.listOpen()).toEqual([]);
    const valid = await engine.applyAlert(guardDutyAlert({ dedupeKey: 'f-nan' }), T0, DEFAULTS);
    expect(valid.change).toBe('opened');
  });
});

describe('an incident stored with an occurrence count past 2^53 by an earlier version', () => {
  it('reads back with the count clamped, so its group takes alerts again', async () => {
    const engine = testEngine(redis);
    const alert = alarmAlert({ revision: 'r1' });
    const opened = await engine.applyAlert(alert, T0, DEFAULTS);
    const id = opened.incident!.id;
    const past = 2 ** 53 + 8;
    await redis.set(engine.keys.incident(id), JSON.stringify({ ...opened.incident, occurrences: past }));
    await redis.set(
      engine.keys.meta(id),
      JSON.stringify({ keys: { [alert.dedupeKey]: { total: past, revisions: ['r1'] } } }),
    );
    expect((await engine.get(id))?.occurrences).toBe(MAX);
    const next = await engine.applyAlert(alarmAlert({ revision: 'r2' }), minutes(1), DEFAULTS);
    expect(next).toMatchObject({ change: 'updated', incident: { occurrences: MAX } });
  });
});
