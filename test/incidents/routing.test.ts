import { describe, expect, it } from 'vitest';
import { type RoutableIncident, routeIncident } from '../../src/incidents/routing.js';
import { routingConfigSchema } from '../../src/platform/config/incidents.js';

const rules = routingConfigSchema.parse({
  rules: [
    { match: { severity: 'critical' }, channels: ['C0CRITICAL'], mentionUserGroup: 'S0ONCALL' },
    {
      match: { source: 'guardduty', type: 'UnauthorizedAccess:IAMUser/*' },
      channels: ['C0IAMALERT', 'C0IAMALERT'],
    },
    { match: { account: ['111122223333'] }, channels: ['C0SANDBOX'] },
    { match: { ownerTeam: 'Payments' }, channels: ['C0PAYMENTS'] },
  ],
}).rules;

const base: RoutableIncident = {
  severityLabel: 'high',
  source: 'guardduty',
  accountId: '210987654321',
  type: 'Recon:EC2/PortProbeUnprotectedPort',
};

describe('routeIncident', () => {
  it.each([
    ['severity', { severityLabel: 'critical' as const }, ['C0CRITICAL']],
    ['type glob across the slash', { type: 'UnauthorizedAccess:IAMUser/TorIPCaller' }, ['C0IAMALERT']],
    ['account list', { accountId: '111122223333' }, ['C0SANDBOX']],
    ['owner team, case-insensitive', { owner: { team: 'payments', source: 'tag' } }, ['C0PAYMENTS']],
  ])('routes by %s with the first matching rule', (_name, overrides, channels) => {
    expect(routeIncident({ ...base, ...overrides }, rules, 'C0DEFAULT').channels).toEqual(channels);
  });

  it('mentions the rule user group, else the owner group', () => {
    expect(routeIncident({ ...base, severityLabel: 'critical' }, rules, undefined).mention).toBe('S0ONCALL');
    const owned = {
      ...base,
      owner: { team: 'data', source: 'registry', channel: 'C0DATA', userGroup: 'S0DATA' },
    };
    expect(routeIncident(owned, rules, 'C0DEFAULT')).toMatchObject({
      channels: ['C0DATA'],
      mention: 'S0DATA',
    });
  });

  it('falls back to the default channel, or to none', () => {
    expect(routeIncident(base, rules, 'C0DEFAULT').channels).toEqual(['C0DEFAULT']);
    expect(routeIncident(base, [], undefined).channels).toEqual([]);
  });
});
