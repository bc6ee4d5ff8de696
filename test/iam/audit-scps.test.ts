import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseServiceControlPolicies } from '../../src/iam/inventory/service-control-policies.js';
import { runCliForTest } from '../support/cli.js';

/** Issue 16 item 2: `watchkeeper audit --scps FILE` applies service control policies. */

const corpus = fileURLToPath(new URL('../fixtures/iam/escalation-corpus/auth-details.json', import.meta.url));
const tmp = (name: string, value: unknown) => {
  const path = join(tmpdir(), `wk-scps-${process.pid}-${name}.json`);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
};
/** `aws organizations describe-policy` output: Content is the document as JSON text. */
const describePolicy = (name: string, document: object) => ({
  Policy: {
    PolicySummary: { Id: 'p-examplepolicy', Name: name, Type: 'SERVICE_CONTROL_POLICY', AwsManaged: false },
    Content: JSON.stringify(document),
  },
});
const FULL_ACCESS = describePolicy('FullAWSAccess', {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});
const DENY_PASSROLE = describePolicy('DenyPassRoleOutsidePlatform', {
  Version: '2012-10-17',
  Statement: [{ Sid: 'NoPassRole', Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }],
});

const escalating = async (extra: string[]) => {
  const run = await runCliForTest([
    'audit',
    '--auth-details',
    corpus,
    '--now',
    '2026-11-20T12:00:00Z',
    '--format',
    'json',
    ...extra,
  ]);
  expect(run.stderr).toBe('');
  const report = JSON.parse(run.stdout) as {
    findings: { checkId: string; principal: { name: string }; evidence: string }[];
  };
  return new Map(
    report.findings.filter((f) => f.checkId === 'WK-IAM-ESC-1').map((f) => [f.principal.name, f.evidence]),
  );
};

describe('watchkeeper audit --scps', () => {
  it('clears methods an SCP denies, names the SCP, and keeps the others', async () => {
    const without = await escalating([]);
    expect(without.has('esc03-passrole-ec2')).toBe(true);
    const withScps = await escalating(['--scps', tmp('deny', [FULL_ACCESS, DENY_PASSROLE])]);
    expect(withScps.has('esc03-passrole-ec2')).toBe(false);
    expect(withScps.has('esc15-passrole-lambda-invoke')).toBe(false);
    // Methods without iam:PassRole are untouched.
    expect(withScps.has('esc04-create-access-key')).toBe(true);
    // A principal left with other methods says which ones the SCP blocked.
    const stillEscalating = [...withScps.values()].find((e) => e.includes('blocked:'));
    expect(stillEscalating ?? '').toMatch(/service control policy DenyPassRoleOutsidePlatform/);
  });

  it('with an allow-list SCP, actions it does not allow are blocked too', async () => {
    const onlyS3 = describePolicy('OnlyS3', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
    });
    expect((await escalating(['--scps', tmp('allow-list', onlyS3)])).size).toBe(0);
  });

  it('refuses a file that is not SCPs, naming the file and the shape it expected', async () => {
    const run = await runCliForTest([
      'audit',
      '--auth-details',
      corpus,
      '--scps',
      tmp('bad', { Policies: [{ Id: 'p-1' }] }),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/service control policies \(.*wk-scps-.*-bad\.json\) are not SCPs/);
    expect(run.stderr).toMatch(/aws organizations describe-policy/);
  });
});

describe('service control policy files', () => {
  const document = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }] };

  it('accepts describe-policy output, its Policy object, a Name/Document pair, one or a list', () => {
    const policy = describePolicy('DenyIam', document);
    const expected = [
      {
        name: 'DenyIam',
        document: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: ['iam:*'], Resource: ['*'] }],
        },
      },
    ];
    expect(parseServiceControlPolicies(policy)).toEqual(expected);
    expect(parseServiceControlPolicies([policy.Policy])).toEqual(expected);
    expect(parseServiceControlPolicies({ Name: 'DenyIam', Document: document })).toEqual(expected);
  });

  it('names the policy and the field when a document is wrong', () => {
    expect(() =>
      parseServiceControlPolicies([
        { Name: 'Broken', Document: { Statement: [{ Effect: 'Maybe', Action: 'iam:*' }] } },
      ]),
    ).toThrow(/are not valid: .*Broken.*Effect/);
    expect(() => parseServiceControlPolicies([])).toThrow(/are not SCPs/);
  });
});
