import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOwnersRegistry } from '../../src/ownership/registry.js';
import { findOwnerRule, lookupTeam } from '../../src/ownership/registry-match.js';
import { InputError } from '../../src/platform/errors.js';
import { fixture } from './fixtures.js';

function problemsOf(text: string) {
  try {
    parseOwnersRegistry(text);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  }
  throw new Error('expected the registry to be rejected');
}

describe('parseOwnersRegistry', () => {
  const registry = parseOwnersRegistry(fixture('owners.yaml'));

  it('loads rules in file order with their numbers and lines', () => {
    expect(registry.rules.map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(registry.rules[0]).toMatchObject({
      name: 'audit archive',
      line: 12,
      owner: { team: 'compliance' },
    });
    expect(registry.rules[1]?.arn.map((p) => p.text)).toHaveLength(2);
  });

  it('keeps account ids as text, leading zeros included, without quotes', () => {
    const registryWithBareIds = parseOwnersRegistry('accounts:\n  007400112233:\n    defaultTeam: growth\n');
    expect([...registryWithBareIds.accounts.keys()]).toEqual(['007400112233']);
    expect(registry.accounts.get('007400112233')).toEqual({ alias: 'sandbox' });
  });

  it('treats an empty file and an empty team entry as valid', () => {
    expect(parseOwnersRegistry('').rules).toEqual([]);
    expect(registry.teams.get('growth')).toEqual({ team: 'growth' });
  });

  it('reads tag values as text, never as booleans or numbers', () => {
    const r = parseOwnersRegistry('rules:\n  - tags: {Critical: true, Tier: 1}\n    team: sre\n');
    expect(r.rules[0]?.tags).toEqual({ Critical: 'true', Tier: '1' });
  });

  it.each([
    ['rules:\n  - arn: "arn:aws:s3:::x"\n', 'rules[0].team (line 2)', 'is missing'],
    ['rules:\n  - team: sre\n', 'rules[0] (line 2)', 'says nothing to match'],
    [
      'rules:\n  - resource: x\n    team: sre\n    chanel: "#sre"\n',
      'rules[0].chanel (line 4)',
      'unknown field "chanel"',
    ],
    [
      'rules:\n  - resource: x\n    team: sre\n    channel: SRE Alerts\n',
      'rules[0].channel (line 4)',
      'Slack channel name',
    ],
    [
      'rules:\n  - resource: x\n    team: sre\n    userGroup: "@SRE"\n',
      'rules[0].userGroup (line 4)',
      'user group handle',
    ],
    ['rules:\n  - arn: s3:::bucket\n    team: sre\n', 'rules[0].arn (line 2)', 'must be an ARN'],
    ['rules:\n  - account: "12345"\n    team: sre\n', 'rules[0].account (line 2)', '12-digit AWS account id'],
    ['accounts:\n  "12345":\n    alias: x\n', 'accounts["12345"] (line 2)', '12-digit AWS account id'],
    [
      'accounts:\n  "048213396712":\n    owner: x\n',
      'accounts["048213396712"].owner (line 3)',
      'unknown field',
    ],
    ['teams:\n  sre:\n    pager: x\n', 'teams.sre.pager (line 3)', 'unknown field'],
    ['team:\n  sre: {}\n', 'team (line 1)', 'unknown field "team"'],
    ['rules: yes\n', 'rules (line 1)', 'expected array'],
  ])('names the path and line of each problem: %j', (text, path, message) => {
    const problems = problemsOf(text);
    expect(problems).toContainEqual(
      expect.objectContaining({ path, message: expect.stringContaining(message) }),
    );
  });

  it('tells how to fix an unknown field', () => {
    const [problem] = problemsOf('rules:\n  - resource: x\n    team: sre\n    owner: y\n');
    expect(problem?.fix).toContain('rule fields are name, arn, resource');
  });

  it('lists every problem at once', () => {
    const problems = problemsOf('rules:\n  - team: a\n  - resource: x\naccounts:\n  "1": {}\n');
    expect(problems.map((p) => p.path)).toEqual([
      'rules[0] (line 2)',
      'rules[1].team (line 3)',
      'accounts["1"] (line 5)',
    ]);
  });

  it('reports YAML syntax errors by line', () => {
    const problems = problemsOf('rules:\n  - resource: [a, b\n    team: x\n');
    expect(problems[0]?.path).toMatch(/^line \d+$/);
    expect(problems[0]?.fix).toContain('YAML syntax');
  });

  it('rejects duplicate keys rather than letting the last one win silently', () => {
    expect(problemsOf('accounts:\n  "048213396712": {}\n  "048213396712": {}\n')[0]?.message).toMatch(
      /unique/i,
    );
  });

  it('names the file in the error message', () => {
    expect(() => parseOwnersRegistry('rules: 1', { source: 'config/owners.yaml' })).toThrow(
      /^config\/owners\.yaml is invalid: rules/,
    );
  });

  it('accepts the documented example in deploy/', () => {
    const text = readFileSync(new URL('../../deploy/owners.example.yaml', import.meta.url), 'utf8');
    const example = parseOwnersRegistry(text);
    expect(example.rules.length).toBeGreaterThan(3);
    expect(example.accounts.get('012345678901')).toEqual({ alias: 'platform-prod', defaultTeam: 'platform' });
  });
});

describe('findOwnerRule', () => {
  const registry = parseOwnersRegistry(fixture('owners.yaml'));

  it('takes the first matching rule in file order (the exact ARN before the wildcard)', () => {
    const match = findOwnerRule(registry, { arn: 'arn:aws:s3:::ledger-audit-archive' });
    expect(match?.rule.number).toBe(1);
    expect(findOwnerRule(registry, { arn: 'arn:aws:s3:::ledger-exports' })?.rule.number).toBe(2);
  });

  it('lets * cross slashes and colons, as in IAM policy ARNs', () => {
    const match = findOwnerRule(registry, {
      arn: 'arn:aws:dynamodb:eu-west-1:048213396712:table/ledger-entries/stream/x',
    });
    expect(match?.matchedOn).toEqual(['arn arn:aws:dynamodb:eu-west-1:048213396712:table/ledger-*']);
  });

  it('requires every condition of a rule to hold', () => {
    expect(findOwnerRule(registry, { names: ['i-0f3c9d1e'], accountId: '048213396712' })?.rule.name).toBe(
      'batch fleet',
    );
    expect(findOwnerRule(registry, { names: ['i-0f3c9d1e'], accountId: '551200098765' })).toBeUndefined();
  });

  it('matches tag conditions only when all the tags agree', () => {
    expect(findOwnerRule(registry, { tags: { CostCenter: 'cc-0091', Stage: 'prod' } })?.rule.name).toBe(
      'prod analytics',
    );
    expect(findOwnerRule(registry, { tags: { CostCenter: 'cc-0091', Stage: 'dev' } })).toBeUndefined();
  });

  it('fills contact fields a rule leaves out from the teams directory, keeping its own', () => {
    const ledger = findOwnerRule(registry, { arn: 'arn:aws:s3:::ledger-exports' });
    expect(ledger?.owner).toEqual({
      team: 'ledger',
      channel: '#ledger-oncall',
      userGroup: 'S07LEDGER22',
      escalationContact: 'ledger-lead@corp.example',
    });
    const ci = findOwnerRule(registry, { names: ['ci-runner-eu'] });
    expect(ci?.owner).toEqual({ team: 'growth', escalationContact: 'growth on-call pager' });
  });
});

describe('lookupTeam', () => {
  const registry = parseOwnersRegistry(fixture('owners.yaml'));

  it('finds a team whatever the case of the tag value', () => {
    expect(lookupTeam(registry, 'LEDGER')?.channel).toBe('#ledger-oncall');
    expect(lookupTeam(registry, 'observability')).toEqual({ team: 'Observability', channel: 'C09OBSERVE1' });
  });

  it('falls back to the first rule that names the team', () => {
    expect(lookupTeam(registry, 'batch')).toEqual({ team: 'batch', channel: '#batch' });
  });

  it('knows nothing about a team no entry names', () => {
    expect(lookupTeam(registry, 'search-infra')).toBeUndefined();
  });
});
