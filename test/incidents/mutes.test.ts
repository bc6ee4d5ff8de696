import { describe, expect, it } from 'vitest';
import { findMuteIn, type MuteRule } from '../../src/incidents/mutes.js';
import { guardDutyAlert } from './helpers/alerts.js';
import { minutes, muteFor, T0 } from './helpers/engine.js';

const alert = guardDutyAlert();
function rule(overrides: Partial<MuteRule> = {}): MuteRule {
  return { id: 'MUTE-1', ...muteFor(alert), createdAt: T0.toISOString(), ...overrides };
}
const stored = (...rules: unknown[]) => rules.map((r) => (typeof r === 'string' ? r : JSON.stringify(r)));

describe('findMuteIn', () => {
  it('finds the live rule for the alert’s type and resource among rules as stored', () => {
    expect(findMuteIn(stored(rule()), alert, minutes(30))).toEqual(rule());
    expect(findMuteIn(stored(rule({ resourceId: 'other' })), alert, minutes(30))).toBeUndefined();
    expect(findMuteIn(stored(rule({ accountId: '111122223333' })), alert, minutes(30))).toBeUndefined();
    expect(findMuteIn([], alert, minutes(30))).toBeUndefined();
  });

  it('skips an expired rule', () => {
    expect(findMuteIn(stored(rule()), alert, minutes(60))).toBeUndefined();
  });

  it('skips rules it cannot read instead of failing the alert', () => {
    const live = rule({ id: 'MUTE-2' });
    expect(findMuteIn(stored('{not json', { id: 'MUTE-3' }, live), alert, minutes(30))).toEqual(live);
  });

  it('names the oldest matching rule, as the listing orders them', () => {
    const older = rule({ id: 'MUTE-OLD', createdAt: minutes(-5).toISOString() });
    expect(findMuteIn(stored(rule(), older), alert, minutes(30))?.id).toBe('MUTE-OLD');
    expect(findMuteIn(stored(older, rule()), alert, minutes(30))?.id).toBe('MUTE-OLD');
  });
});
