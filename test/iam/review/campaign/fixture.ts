import type { IamPrincipalRef, IamRemediation, IamRevokePlan } from '../../../../src/aws/iam/remediation.js';
import type { AuditReport, PrincipalEvidence } from '../../../../src/iam/model.js';
import type { StoredReport } from '../../../../src/iam/review/report-store.js';
import { parseOwnersRegistry } from '../../../../src/ownership/registry.js';
import { BYSTANDER, RESPONDER, TEST_CHANNEL } from '../../../support/harness.js';

/** A made-up account with four principals whose owners are reached four different ways. */
export const ACCOUNT = '314159265358';

const none = { critical: 0, high: 0, medium: 0, low: 0 };

export const PRINCIPALS: readonly PrincipalEvidence[] = [
  {
    kind: 'user',
    name: 'alice.payments',
    arn: `arn:aws:iam::${ACCOUNT}:user/alice.payments`,
    lastUsed: '2026-10-30T08:15:00Z',
    consoleAccess: true,
    mfa: false,
    activeAccessKeys: 1,
    admin: false,
    escalationMethods: [],
    findingCounts: { ...none, high: 1 },
  },
  {
    kind: 'role',
    name: 'ci-deployer',
    arn: `arn:aws:iam::${ACCOUNT}:role/ci/ci-deployer`,
    lastUsed: '2026-11-01T02:00:00Z',
    consoleAccess: false,
    mfa: false,
    activeAccessKeys: 0,
    admin: false,
    escalationMethods: ['iam:PassRole+lambda:CreateFunction'],
    findingCounts: { ...none, critical: 1 },
  },
  {
    kind: 'user',
    name: 'legacy-admin',
    arn: `arn:aws:iam::${ACCOUNT}:user/legacy-admin`,
    consoleAccess: false,
    mfa: false,
    activeAccessKeys: 2,
    admin: true,
    escalationMethods: ['iam:CreatePolicyVersion'],
    findingCounts: { ...none, critical: 2, medium: 1 },
  },
  {
    kind: 'role',
    // IAM names may start with @ (and + or =): a spreadsheet would read it as a formula.
    name: '@data-reader',
    arn: `arn:aws:iam::${ACCOUNT}:role/@data-reader`,
    lastUsed: '2026-09-12T11:00:00Z',
    consoleAccess: false,
    mfa: false,
    activeAccessKeys: 0,
    admin: false,
    escalationMethods: [],
    findingCounts: none,
  },
];

export function storedReport(
  id: string,
  principals: readonly PrincipalEvidence[] = PRINCIPALS,
): StoredReport {
  const report: AuditReport = {
    accountId: ACCOUNT,
    generatedAt: '2026-11-02T09:00:00.000Z',
    scope: 'account',
    counts: { critical: 3, high: 1, medium: 1, low: 0 },
    score: 41,
    findings: [],
    principals,
    checksRun: [],
    checksSkipped: [],
  };
  return { id, accountId: ACCOUNT, requestedBy: RESPONDER, channelId: TEST_CHANNEL, report };
}

/**
 * alice → payments, whose escalation contact is BYSTANDER (a DM); ci-deployer → platform's
 * channel; @data-reader → data, whose contact is RESPONDER; legacy-admin matches nothing.
 */
export const registry = parseOwnersRegistry(
  [
    'teams:',
    '  payments:',
    `    escalationContact: "${BYSTANDER}"`,
    '  platform:',
    `    channel: "${TEST_CHANNEL}"`,
    '  data:',
    `    escalationContact: "${RESPONDER}"`,
    'rules:',
    '  - name: payments people',
    `    arn: "arn:aws:iam::${ACCOUNT}:user/alice.*"`,
    '    team: payments',
    '  - name: ci roles',
    `    arn: "arn:aws:iam::${ACCOUNT}:role/ci/*"`,
    '    team: platform',
    '  - name: data roles',
    `    arn: "arn:aws:iam::${ACCOUNT}:role/@data-*"`,
    '    team: data',
  ].join('\n'),
  { source: 'owners.yaml' },
);

/**
 * A stand-in for the IAM remediation that records what it was asked to do. Its plan for a user
 * has one access key and `policies` managed policies (AdministratorAccess first); a role's has
 * the policies only.
 */
export function remediationRecorder(options: { policies?: number } = {}) {
  const calls: string[] = [];
  const policies = [
    'arn:aws:iam::aws:policy/AdministratorAccess',
    ...Array.from(
      { length: Math.max(0, (options.policies ?? 1) - 1) },
      (_, i) => `arn:aws:iam::${ACCOUNT}:policy/team-${String(i + 1).padStart(3, '0')}-access`,
    ),
  ];
  const remediation = (accountId: string): IamRemediation => ({
    async planRevoke(p: IamPrincipalRef) {
      calls.push(`${accountId} plan ${p.kind} ${p.name}`);
      return {
        accountId,
        principal: p,
        accessKeys: p.kind === 'user' ? [{ masked: 'AKIA…7Q2X', digest: 'd'.repeat(64) }] : [],
        managedPolicies: policies,
      };
    },
    async applyRevoke(plan: IamRevokePlan) {
      const keys = plan.accessKeys.map((k) => k.masked);
      calls.push(
        `${accountId} apply ${plan.principal.kind} ${plan.principal.name}: keys ${keys.join(',') || '-'}; policies ${plan.managedPolicies.length}`,
      );
      return { deactivated: keys, detached: [...plan.managedPolicies] };
    },
  });
  return { calls, policies, remediationFor: (_ctx: unknown, accountId: string) => remediation(accountId) };
}
