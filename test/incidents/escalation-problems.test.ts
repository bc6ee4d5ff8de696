import { describe, expect, it } from 'vitest';
import { escalationConfigProblems } from '../../src/incidents/escalation-problems.js';
import { escalationConfigSchema, routingConfigSchema } from '../../src/platform/config/incidents.js';

/** A missing on-call group is reported once, where configuration is checked, not in every escalation. */
describe('escalationConfigProblems', () => {
  const routing = routingConfigSchema.parse({});

  it('reports escalation with no on-call group to page, and how to fix it', () => {
    const problems = escalationConfigProblems({ escalation: escalationConfigSchema.parse({}), routing });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^escalation\.onCallUserGroup is not set: .* page nobody .*S0123ABCD/);
  });

  it('says only unmatched incidents are affected when every routing rule names a group', () => {
    const everyRule = routingConfigSchema.parse({
      rules: [{ match: { severity: 'critical' }, channels: ['C0CRIT0001'], mentionUserGroup: 'S0CRIT0001' }],
    });
    const [problem] = escalationConfigProblems({
      escalation: escalationConfigSchema.parse({}),
      routing: everyRule,
    });
    expect(problem).toContain('incidents that match no routing rule');
  });

  it('finds nothing when a group is set, or when nothing escalates', () => {
    expect(
      escalationConfigProblems({
        escalation: escalationConfigSchema.parse({ onCallUserGroup: 'S0ONCALL01' }),
        routing,
      }),
    ).toEqual([]);
    expect(
      escalationConfigProblems({ escalation: escalationConfigSchema.parse({ levels: 0 }), routing }),
    ).toEqual([]);
    const never = escalationConfigSchema.parse({
      timeoutsMinutes: { critical: null, high: null, medium: null, low: null },
    });
    expect(escalationConfigProblems({ escalation: never, routing })).toEqual([]);
  });
});
