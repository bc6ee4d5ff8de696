import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDefaults } from '../../src/incidents/apply-alert-rules.js';
import { groupKeyOf } from '../../src/incidents/group-key.js';
import { testRedisClient } from '../support/redis.js';
import { alarmAlert, guardDutyAlert } from './helpers/alerts.js';
import { DEFAULTS, minutes, muteFor, replicaEngines, T0 } from './helpers/engine.js';

/**
 * What applying one alert costs in Redis: one read (mute rules, links, incident and meta in one
 * script) and one commit. The runbook and owner are asked for only when an incident opens.
 */

let redis: Redis;
let other: Redis;
/** The commands `redis` sent since the last `sent.length = 0`, by name (ioredis: one sendCommand each). */
const sent: string[] = [];
beforeAll(() => {
  redis = testRedisClient();
  other = testRedisClient();
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command, stream) => {
    sent.push(command.name);
    return send(command, stream);
  };
});
afterAll(async () => {
  await redis.quit();
  await other.quit();
});

/** A defaults provider that counts how often it is asked. */
function countedDefaults(before?: () => Promise<void>) {
  const provider = async (): Promise<OpenDefaults> => {
    provider.calls++;
    await before?.();
    return DEFAULTS;
  };
  provider.calls = 0;
  return provider;
}

describe('applying an alert', () => {
  it('costs a repeat occurrence one read round trip and one commit, and no owner look-up', async () => {
    const { engine } = replicaEngines(redis, other);
    const defaults = countedDefaults();
    await engine.applyAlert(guardDutyAlert(), T0, defaults);
    expect(defaults.calls).toBe(1);

    sent.length = 0;
    const repeat = await engine.applyAlert(
      guardDutyAlert({ revision: 'r2', count: 2 }),
      minutes(1),
      defaults,
    );
    expect(repeat.change).toBe('updated');
    // The read script, then the commit: both by digest (EVALSHA) once loaded on this connection.
    expect(sent).toEqual(['evalsha', 'evalsha']);
    expect(defaults.calls).toBe(1);
  });

  it('costs a repeated delivery and a recovery of nothing one read and no owner look-up', async () => {
    const { engine } = replicaEngines(redis, other);
    const defaults = countedDefaults();
    await engine.applyAlert(guardDutyAlert(), T0, defaults);
    sent.length = 0;
    expect((await engine.applyAlert(guardDutyAlert(), minutes(1), defaults)).change).toBe('unchanged');
    expect(sent).toEqual(['evalsha']);

    sent.length = 0;
    const ok = await engine.applyAlert(alarmAlert({ alarmState: 'OK' }), minutes(1), defaults);
    expect(ok).toEqual({ change: 'unchanged' });
    expect(sent).toEqual(['evalsha']);
    expect(defaults.calls).toBe(1);
  });

  it('asks for the defaults once when the commit of a new incident loses a race', async () => {
    const { engine, replica } = replicaEngines(redis, other);
    // While this engine looks up the owner, another replica opens the incident first.
    let first: string | undefined;
    const defaults = countedDefaults(async () => {
      if (defaults.calls === 1)
        first = (await replica.applyAlert(guardDutyAlert(), T0, DEFAULTS)).incident?.id;
    });
    const result = await engine.applyAlert(guardDutyAlert({ revision: 'r2', count: 3 }), T0, defaults);
    expect(result).toMatchObject({ change: 'updated', incident: { id: first, occurrences: 3 } });
    expect(defaults.calls).toBe(1);
  });

  it('asks once even when the open itself must be tried again', async () => {
    const { engine } = replicaEngines(redis, other);
    const alert = guardDutyAlert();
    // A link changes under the first attempt (to an incident since gone): it loses, reads again, opens.
    const defaults = countedDefaults(async () => {
      if (defaults.calls === 1) await other.set(engine.keys.group(groupKeyOf(alert)), 'INC-GONE');
    });
    expect((await engine.applyAlert(alert, T0, defaults)).change).toBe('opened');
    expect(await other.get(engine.keys.group(groupKeyOf(alert)))).not.toBe('INC-GONE');
    expect(defaults.calls).toBe(1);
  });

  it('reads and commits the alerts of different findings applied at once in one command each', async () => {
    const { engine } = replicaEngines(redis, other);
    const findings = ['a', 'b', 'c', 'd', 'e'].map((n) => ({
      dedupeKey: `gd-batch-${n}`,
      resource: { type: 'AccessKey', id: `svc-${n}`, tags: {} },
    }));
    await Promise.all(findings.map((f) => engine.applyAlert(guardDutyAlert(f), T0, DEFAULTS)));
    sent.length = 0;
    const repeats = await Promise.all(
      findings.map((f) =>
        engine.applyAlert(guardDutyAlert({ ...f, revision: 'r2', count: 2 }), minutes(1), DEFAULTS),
      ),
    );
    expect(repeats.map((r) => [r.change, r.incident?.occurrences])).toEqual(
      findings.map(() => ['updated', 2]),
    );
    // Five reads in one script call, then five commits in one (script-batches.ts).
    expect(sent).toEqual(['evalsha', 'evalsha']);
  });

  it('returns the matching mute rule without opening an incident', async () => {
    const { engine } = replicaEngines(redis, other);
    const alert = guardDutyAlert();
    const rule = await engine.addMute(muteFor(alert), T0);
    const defaults = countedDefaults();
    sent.length = 0;
    expect(await engine.applyAlert(alert, minutes(1), defaults)).toEqual({ change: 'muted', mute: rule });
    expect(sent).toEqual(['evalsha']);
    expect(defaults.calls).toBe(0);
  });
});
