import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlreadyAcknowledgedError } from '../../src/incidents/errors.js';
import * as t from '../../src/incidents/transitions.js';
import { ConflictError } from '../../src/platform/errors.js';
import { testRedisClient } from '../support/redis.js';
import { alarmAlert, guardDutyAlert } from './helpers/alerts.js';
import { DEFAULTS, minutes, muteFor, T0, testEngine } from './helpers/engine.js';

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

describe('applyAlert', () => {
  it('opens an incident with an INC- id free of colons, in the open set and history', async () => {
    const engine = testEngine(redis);
    const result = await engine.applyAlert(guardDutyAlert(), T0, DEFAULTS);
    expect(result.change).toBe('opened');
    const incident = result.incident!;
    expect(incident.id).toMatch(/^INC-[0-9A-Z]+$/);
    expect(incident).toMatchObject({
      status: 'triggered',
      occurrences: 1,
      version: 1,
      runbookId: DEFAULTS.runbookId,
    });
    expect((await engine.listOpen()).map((i) => i.id)).toEqual([incident.id]);
    const history = await engine.history({ from: minutes(-1), to: minutes(1) });
    expect(history).toEqual([expect.objectContaining({ incidentId: incident.id, escalations: 0 })]);
  });

  it('updates the incident with the same dedupe key and counts GuardDuty count cumulatively', async () => {
    const engine = testEngine(redis);
    const first = await engine.applyAlert(guardDutyAlert(), T0, DEFAULTS);
    const again = await engine.applyAlert(
      guardDutyAlert({
        count: 4,
        revision: 'r2',
        lastSeen: '2025-03-01T10:20:00.000Z',
        title: 'newer title',
      }),
      minutes(20),
      DEFAULTS,
    );
    expect(again.change).toBe('updated');
    expect(again.incident).toMatchObject({
      id: first.incident!.id,
      occurrences: 4,
      version: 2,
      title: 'newer title',
      lastSeen: '2025-03-01T10:20:00.000Z',
    });
  });

  it('counts the same (dedupe key, revision) once however often it arrives', async () => {
    const engine = testEngine(redis);
    await engine.applyAlert(guardDutyAlert({ count: 3, revision: 'r1' }), T0, DEFAULTS);
    const repeat = await engine.applyAlert(
      guardDutyAlert({ count: 3, revision: 'r1' }),
      minutes(1),
      DEFAULTS,
    );
    expect(repeat.change).toBe('unchanged');
    expect(repeat.incident).toMatchObject({ occurrences: 3, version: 1 });
  });

  it('adds per-revision counts for sources whose count is not cumulative', async () => {
    const engine = testEngine(redis);
    await engine.applyAlert(alarmAlert({ revision: 'a1' }), T0, DEFAULTS);
    const second = await engine.applyAlert(alarmAlert({ revision: 'a2' }), minutes(5), DEFAULTS);
    await engine.applyAlert(alarmAlert({ revision: 'a2' }), minutes(6), DEFAULTS);
    expect(second.incident?.occurrences).toBe(2);
    expect((await engine.get(second.incident!.id))?.occurrences).toBe(2);
  });

  it('groups another finding of the same family on the same resource within the window', async () => {
    const engine = testEngine(redis, { groupWindowMinutes: 60 });
    const first = await engine.applyAlert(guardDutyAlert(), T0, DEFAULTS);
    const sibling = await engine.applyAlert(
      guardDutyAlert({
        dedupeKey: 'gd-other',
        type: 'UnauthorizedAccess:IAMUser/TorIPCaller',
        revision: 'x',
      }),
      minutes(10),
      DEFAULTS,
    );
    expect(sibling.change).toBe('updated');
    expect(sibling.incident?.id).toBe(first.incident?.id);
    expect(sibling.incident?.dedupeKeys).toEqual(['gd-7f3a9c21e0b44d5e8a1b2c3d4e5f6071', 'gd-other']);
    expect(sibling.incident?.occurrences).toBe(2);
  });

  it('opens a separate incident for a different finding family on the same resource', async () => {
    const engine = testEngine(redis);
    const first = await engine.applyAlert(guardDutyAlert(), T0, DEFAULTS);
    const other = await engine.applyAlert(
      guardDutyAlert({ dedupeKey: 'gd-recon', type: 'Recon:IAMUser/MaliciousIPCaller' }),
      minutes(1),
      DEFAULTS,
    );
    expect(other.change).toBe('opened');
    expect(other.incident?.id).not.toBe(first.incident?.id);
  });

  it('reopens a resolved incident when its alert fires again within the reopen window', async () => {
    const engine = testEngine(redis, { reopenWindowHours: 24 });
    const { incident } = await engine.applyAlert(guardDutyAlert(), T0, DEFAULTS);
    await engine.transition(incident!.id, t.acknowledge({ userId: 'U1', at: minutes(1) }), minutes(1));
    await engine.transition(
      incident!.id,
      t.resolve({ userId: 'U1', at: minutes(2) }, { summary: 'rotated', rootCause: 'misconfiguration' }),
      minutes(2),
    );
    const back = await engine.applyAlert(guardDutyAlert({ revision: 'r9', count: 2 }), minutes(60), DEFAULTS);
    expect(back.change).toBe('reopened');
    expect(back.incident).toMatchObject({ id: incident!.id, status: 'triggered', reopenedCount: 1 });
    expect(back.incident?.acknowledgedBy).toBeUndefined();
    expect(back.incident?.resolution).toBeUndefined();
  });

  it('opens a new incident when the alert returns after the reopen window', async () => {
    const engine = testEngine(redis, { reopenWindowHours: 1 });
    const { incident } = await engine.applyAlert(guardDutyAlert(), T0, DEFAULTS);
    await engine.transition(
      incident!.id,
      t.resolve({ userId: 'U1', at: minutes(2) }, { summary: 'done', rootCause: 'other' }),
      minutes(2),
    );
    const later = await engine.applyAlert(guardDutyAlert({ revision: 'r9' }), minutes(180), DEFAULTS);
    expect(later.change).toBe('opened');
    expect(later.incident?.id).not.toBe(incident!.id);
  });

  it('marks an alarm recovered on OK without resolving it by default', async () => {
    const engine = testEngine(redis);
    const { incident } = await engine.applyAlert(alarmAlert(), T0, DEFAULTS);
    const ok = await engine.applyAlert(
      alarmAlert({ alarmState: 'OK', revision: 'ok1' }),
      minutes(3),
      DEFAULTS,
    );
    expect(ok.change).toBe('recovered');
    expect(ok.incident).toMatchObject({
      id: incident!.id,
      status: 'triggered',
      recoveredAt: minutes(3).toISOString(),
    });
  });

  it('resolves an alarm on OK when resolveOnAlarmOk is set', async () => {
    const engine = testEngine(redis, { resolveOnAlarmOk: true });
    await engine.applyAlert(alarmAlert(), T0, DEFAULTS);
    const ok = await engine.applyAlert(
      alarmAlert({ alarmState: 'OK', revision: 'ok1' }),
      minutes(3),
      DEFAULTS,
    );
    expect(ok.incident).toMatchObject({ status: 'resolved', resolvedBy: 'watchkeeper' });
    expect(await engine.listOpen()).toEqual([]);
  });

  it('ignores an OK for an alarm that has no incident', async () => {
    const engine = testEngine(redis);
    const ok = await engine.applyAlert(alarmAlert({ alarmState: 'OK' }), T0, DEFAULTS);
    expect(ok).toEqual({ change: 'unchanged' });
  });

  it('opens exactly one incident when the same alert is applied concurrently from two connections', async () => {
    const engine = testEngine(redis);
    const twin = { ...engine };
    const results = await Promise.all([
      engine.applyAlert(guardDutyAlert(), T0, DEFAULTS),
      twin.applyAlert(guardDutyAlert({ revision: 'r2', count: 2 }), T0, DEFAULTS),
    ]);
    expect(results.map((r) => r.change).sort()).toEqual(['opened', 'updated']);
    expect(new Set(results.map((r) => r.incident?.id)).size).toBe(1);
  });
});

describe('transitions', () => {
  it('gives exactly one winner when two responders acknowledge at once over two connections', async () => {
    const engine = testEngine(redis);
    const { incident } = await engine.applyAlert(guardDutyAlert(), T0, DEFAULTS);
    const { createIncidentEngine } = await import('../../src/incidents/engine.js');
    const { incidentsConfigSchema } = await import('../../src/platform/config/incidents.js');
    const second = createIncidentEngine({
      redis: other,
      prefix: engine.keys.open.replace(/:open$/, ''),
      config: incidentsConfigSchema.parse({}),
    });
    const outcomes = await Promise.allSettled([
      engine.transition(incident!.id, t.acknowledge({ userId: 'U0ALICE', at: minutes(1) }), minutes(1)),
      second.transition(incident!.id, t.acknowledge({ userId: 'U0BOB', at: minutes(1) }), minutes(1)),
    ]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = (await engine.get(incident!.id))!;
    expect(winner.version).toBe(2);
    const reason: unknown = lost[0]!.reason;
    expect(reason).toBeInstanceOf(AlreadyAcknowledgedError);
    expect(reason).toBeInstanceOf(ConflictError);
    expect((reason as Error).message).toBe(
      `${incident!.id} was already acknowledged by <@${winner.acknowledgedBy}> at 2025-03-01 10:01 UTC`,
    );
  });

  it('returns before and after and bumps the version on each transition', async () => {
    const engine = testEngine(redis);
    const { incident } = await engine.applyAlert(guardDutyAlert(), T0, DEFAULTS);
    const id = incident!.id;
    const assigned = await engine.transition(id, t.assign('U0ALICE'), minutes(1));
    expect(assigned.before.assignee).toBeUndefined();
    expect(assigned.after).toMatchObject({ assignee: 'U0ALICE', version: 2 });
    const escalated = await engine.transition(id, t.escalate(), minutes(2));
    expect(escalated.after.escalationLevel).toBe(1);
    const snoozed = await engine.transition(id, t.snooze(minutes(30)), minutes(3));
    expect(snoozed.after).toMatchObject({ status: 'snoozed', snoozedUntil: minutes(30).toISOString() });
    await expect(engine.transition(id, t.unsnooze({ dueBy: minutes(10) }), minutes(10))).rejects.toThrow(
      ConflictError,
    );
    const woke = await engine.transition(id, t.unsnooze({ dueBy: minutes(31) }), minutes(31));
    expect(woke.after.status).toBe('triggered');
    const ticked = await engine.transition(
      id,
      t.tickStep({ userId: 'U0ALICE', at: minutes(32) }, 0),
      minutes(32),
    );
    expect(ticked.after.runbookSteps['0']).toEqual({
      checkedBy: 'U0ALICE',
      checkedAt: minutes(32).toISOString(),
    });
    const unticked = await engine.transition(id, t.untickStep(0), minutes(33));
    expect(unticked.after.runbookSteps).toEqual({});
    const resolved = await engine.transition(
      id,
      t.resolve(
        { userId: 'U0ALICE', at: minutes(40) },
        { summary: 'Key rotated', rootCause: 'credential-compromise' },
      ),
      minutes(40),
    );
    expect(resolved.after).toMatchObject({
      status: 'resolved',
      version: 8,
      resolution: { summary: 'Key rotated', rootCause: 'credential-compromise' },
    });
    await expect(engine.transition(id, t.escalate(), minutes(41))).rejects.toThrow(
      /already resolved by <@U0ALICE>/,
    );
    const history = await engine.history({ from: T0, to: minutes(60) });
    expect(history[0]).toMatchObject({ resolvedAt: minutes(40).toISOString(), escalations: 1 });
  });

  it('ignores a stale automatic escalation that names an old level', async () => {
    const engine = testEngine(redis);
    const { incident } = await engine.applyAlert(guardDutyAlert(), T0, DEFAULTS);
    await engine.transition(incident!.id, t.escalate({ expectLevel: 0 }), minutes(1));
    await expect(engine.transition(incident!.id, t.escalate({ expectLevel: 0 }), minutes(2))).rejects.toThrow(
      /already at escalation level 1/,
    );
  });
});

describe('mute rules', () => {
  it('mutes alerts of one type on one resource until the rule expires', async () => {
    const engine = testEngine(redis);
    const alert = guardDutyAlert();
    await engine.addMute(muteFor(alert), T0);
    expect(await engine.applyAlert(alert, minutes(30), DEFAULTS)).toMatchObject({
      change: 'muted',
      mute: { createdBy: 'U0SEC' },
    });
    const otherResource = guardDutyAlert({
      dedupeKey: 'gd-other-resource',
      resource: { type: 'AccessKey', id: 'other', tags: {} },
    });
    expect(await engine.applyAlert(otherResource, minutes(30), DEFAULTS)).toMatchObject({
      change: 'opened',
    });
    expect(await engine.applyAlert(alert, minutes(61), DEFAULTS)).toMatchObject({ change: 'opened' });
    expect(await engine.listMutes(minutes(61))).toEqual([]);
  });
});
