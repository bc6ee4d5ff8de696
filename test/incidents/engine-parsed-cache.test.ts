import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { incidentSchema, parseStoredIncident } from '../../src/incidents/incident.js';
import { acknowledge } from '../../src/incidents/transitions.js';
import { testRedisClient } from '../support/redis.js';
import { guardDutyAlert } from './helpers/alerts.js';
import { DEFAULTS, minutes, replicaEngines, T0 } from './helpers/engine.js';

/**
 * An engine does not parse and validate again a stored incident text it wrote or already read;
 * any other text (another replica's, or one changed by hand) is parsed and validated as ever.
 */

let redis: Redis;
let other: Redis;
beforeAll(() => {
  redis = testRedisClient();
  other = testRedisClient();
});
afterAll(async () => {
  await redis.quit();
  await other.quit();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const parses = () => vi.spyOn(incidentSchema, 'parse');

describe('the engine’s parsed incidents', () => {
  it('are reused for the text the engine itself wrote', async () => {
    const { engine } = replicaEngines(redis, other);
    const opened = await engine.applyAlert(guardDutyAlert(), T0, DEFAULTS);
    const id = opened.incident!.id;
    const parse = parses();
    expect(await engine.get(id)).toEqual(opened.incident);
    const repeat = await engine.applyAlert(
      guardDutyAlert({ revision: 'r2', count: 2 }),
      minutes(1),
      DEFAULTS,
    );
    expect(repeat).toMatchObject({ change: 'updated', before: { version: 1 }, incident: { version: 2 } });
    await engine.transition(id, acknowledge({ userId: 'U0RESPOND1', at: minutes(2) }), minutes(2));
    expect(await engine.get(id)).toMatchObject({ status: 'acknowledged', version: 3, occurrences: 2 });
    expect(parse).not.toHaveBeenCalled();
  });

  it('are parsed again when another replica changed the incident', async () => {
    const { engine, replica } = replicaEngines(redis, other);
    const id = (await engine.applyAlert(guardDutyAlert(), T0, DEFAULTS)).incident!.id;
    await replica.applyAlert(guardDutyAlert({ revision: 'r2', count: 5 }), minutes(1), DEFAULTS);
    const parse = parses();
    const repeat = await engine.applyAlert(
      guardDutyAlert({ revision: 'r3', count: 7 }),
      minutes(2),
      DEFAULTS,
    );
    expect(repeat).toMatchObject({
      change: 'updated',
      before: { version: 2, occurrences: 5 },
      incident: { version: 3, occurrences: 7 },
    });
    expect(parse).toHaveBeenCalledTimes(1);
    expect(await replica.get(id)).toMatchObject({ version: 3, occurrences: 7 });
  });

  it('follow a text changed behind the engine’s back', async () => {
    const { engine } = replicaEngines(redis, other);
    const opened = (await engine.applyAlert(guardDutyAlert(), T0, DEFAULTS)).incident!;
    const key = engine.keys.incident(opened.id);
    await redis.set(key, JSON.stringify({ ...opened, title: 'Renamed by hand' }));
    expect((await engine.get(opened.id))?.title).toBe('Renamed by hand');
    const repeat = await engine.applyAlert(guardDutyAlert({ revision: 'r2' }), minutes(1), DEFAULTS);
    expect(repeat.before?.title).toBe('Renamed by hand');
  });

  it('never hide an invalid stored incident: the same error as a fresh parse', async () => {
    const { engine } = replicaEngines(redis, other);
    const opened = (await engine.applyAlert(guardDutyAlert(), T0, DEFAULTS)).incident!;
    const invalid = JSON.stringify({ ...opened, status: 'lost' });
    await redis.set(engine.keys.incident(opened.id), invalid);
    let expected: unknown;
    try {
      parseStoredIncident(invalid);
    } catch (error) {
      expected = error;
    }
    expect(expected).toBeInstanceOf(Error);
    await expect(engine.get(opened.id)).rejects.toThrow(expected as Error);
    await expect(engine.applyAlert(guardDutyAlert({ revision: 'r2' }), minutes(1), DEFAULTS)).rejects.toThrow(
      expected as Error,
    );
    await expect(
      engine.applyAlert(guardDutyAlert({ revision: 'r2' }), minutes(1), DEFAULTS),
    ).rejects.toBeInstanceOf((expected as Error).constructor);
  });

  it('are frozen, so no caller can change the shared copy', async () => {
    const { engine } = replicaEngines(redis, other);
    const opened = (await engine.applyAlert(guardDutyAlert(), T0, DEFAULTS)).incident!;
    const read = (await engine.get(opened.id))!;
    expect(Object.isFrozen(read)).toBe(true);
    expect(Object.isFrozen(read.resource)).toBe(true);
    expect(() => {
      (read as { title: string }).title = 'changed';
    }).toThrow(TypeError);
  });
});
