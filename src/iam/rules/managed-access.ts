import type { CheckModule } from '../checks/check.js';
import { wildcardMatches } from '../engine/policy-variables.js';
import { pushTo } from '../engine/push-to.js';
import { describeRef, isCertainDeny, isFullAdmin, onEveryResource } from '../engine/statements.js';
import type { CheckDefinition, Finding, PolicyDocument, PrincipalRef } from '../model.js';
import { findingOf, listSome } from './define.js';

/**
 * Two grants Prowler checks that the broader policy checks do not name: subscribing the account to
 * AWS Marketplace products on every resource (spend and third-party software nobody approved) and
 * CloudShell full access (a shell with the principal's credentials, and file transfer in and out).
 */

export const MARKETPLACE_SUBSCRIBE: CheckDefinition = {
  id: 'WK-IAM-POL-8',
  area: 'policies',
  title: '`aws-marketplace:Subscribe` on every resource',
  severity: 'medium',
  prowler: [
    'iam_policy_no_wildcard_marketplace_subscribe',
    'iam_inline_policy_no_wildcard_marketplace_subscribe',
  ],
  fix: 'Keep Marketplace subscriptions with a few procurement principals, or scope them to approved product ids.',
};
export const CLOUDSHELL_FULL_ACCESS: CheckDefinition = {
  id: 'WK-IAM-POL-9',
  area: 'policies',
  title: 'AWSCloudShellFullAccess is attached',
  severity: 'medium',
  cis: '1.21',
  securityHub: 'IAM.27',
  prowler: ['iam_policy_cloudshell_admin_not_attached'],
  fix: 'Detach AWSCloudShellFullAccess; grant the CloudShell actions needed without file upload and download.',
};

const CLOUDSHELL = /^arn:aws[a-z-]*:iam::aws:policy\/AWSCloudShellFullAccess$/;
/** Names Subscribe by a pattern (`aws-marketplace:*`, `aws-marketplace:Sub*`): `"*"` is the admin checks'. */
function grantsSubscribe(action: string): boolean {
  return action !== '*' && action !== '*:*' && wildcardMatches(action, 'aws-marketplace:Subscribe', true);
}

function subscribeFinding(
  document: PolicyDocument,
  label: string,
  principal: PrincipalRef,
): Finding | undefined {
  if (
    document.Statement.some(
      (s) => isCertainDeny(s) && (s.Action ?? []).some((a) => a === '*' || grantsSubscribe(a)),
    )
  )
    return undefined;
  const index = document.Statement.findIndex(
    (s) =>
      s.Effect === 'Allow' && !isFullAdmin(s) && onEveryResource(s) && (s.Action ?? []).some(grantsSubscribe),
  );
  const statement = document.Statement[index];
  if (!statement) return undefined;
  const ref = describeRef({ source: label, index, ...(statement.Sid ? { sid: statement.Sid } : {}) });
  return findingOf(MARKETPLACE_SUBSCRIBE, principal, `${ref} allows aws-marketplace:Subscribe on "*"`);
}

export const managedAccessChecks: CheckModule = {
  definitions: [MARKETPLACE_SUBSCRIBE, CLOUDSHELL_FULL_ACCESS],
  run({ inventory }) {
    const findings: Finding[] = [];
    const holders = new Map<string, string[]>();
    const owners = [
      ...inventory.users.map((p) => ({ kind: 'user' as const, p })),
      ...inventory.groups.map((p) => ({ kind: 'group' as const, p })),
      ...inventory.roles.map((p) => ({ kind: 'role' as const, p })),
    ];
    for (const { kind, p } of owners) {
      for (const i of p.inlinePolicies) {
        const f = subscribeFinding(i.document, `inline policy ${i.name} of ${kind} ${p.name}`, {
          kind,
          name: p.name,
          arn: p.arn,
        });
        if (f) findings.push(f);
      }
      for (const a of p.attachedPolicies)
        if (CLOUDSHELL.test(a.arn)) pushTo(holders, a.arn, `${kind} ${p.name}`);
    }
    for (const policy of inventory.policies) {
      if (policy.awsManaged) continue; // AWS's own policies are judged where attached, by name
      const f = subscribeFinding(policy.document, `managed policy ${policy.name}`, {
        kind: 'policy',
        name: policy.name,
        arn: policy.arn,
      });
      if (f) findings.push(f);
    }
    for (const [arn, who] of holders)
      findings.push(
        findingOf(
          CLOUDSHELL_FULL_ACCESS,
          { kind: 'policy', name: 'AWSCloudShellFullAccess', arn },
          `attached to ${listSome(who)}`,
        ),
      );
    return { findings, skipped: [] };
  },
};
