import type { Alert } from '../alerts/alert.js';
import { IAM_NAME, iamPrincipalOfArn, isRootArn, principalArn } from '../aws/tagging/resource-arns.js';
import type { OwnerLookup } from './subject.js';

/**
 * Everything an alert says that can name an owner, in the order the card asks: the resource
 * (with the tags the alert carried), then the IAM principal that acted. Pure: read from the
 * normalized alert only (actor, Caller fact, resource), never from `raw`.
 *
 * GuardDuty names a role session's credentials as an `AccessKey` resource whose id is the role's
 * name; that resource *is* the principal, so it is asked about as the role, the same way
 * `/owner arn:aws:iam::ACCOUNT:role/NAME` asks.
 */

export interface AlertOwnerSubject {
  /** The alert's resource; absent when the resource only stands for the principal. */
  readonly resource?: OwnerLookup;
  /** The IAM principal, as each kind it may be (a bare name next to a temporary key: role, then user). */
  readonly principals: readonly OwnerLookup[];
}

type PrincipalKind = 'role' | 'user';

interface PrincipalGuess {
  readonly name: string;
  readonly kinds: readonly PrincipalKind[];
}

export function alertOwnerSubject(alert: Alert): AlertOwnerSubject {
  const guess = principalOf(alert);
  const standsForPrincipal = alert.resource.type === 'AccessKey' && guess !== undefined;
  // The tags an AccessKey resource carries are the principal's own.
  const given = standsForPrincipal ? alert.resource.tags : {};
  const principals = guess
    ? guess.kinds.flatMap((kind) => principalLookup(alert, kind, guess.name, given))
    : [];
  if (standsForPrincipal) return { principals };
  return {
    resource: {
      accountId: alert.accountId,
      region: alert.region,
      resourceId: alert.resource.id,
      resourceType: alert.resource.type,
      tags: alert.resource.tags,
      ...(alert.resource.arn ? { arn: alert.resource.arn } : {}),
    },
    principals,
  };
}

function principalLookup(
  alert: Alert,
  kind: PrincipalKind,
  name: string,
  tags: Readonly<Record<string, string>>,
): OwnerLookup[] {
  const arn = principalArn(kind, name, { accountId: alert.accountId, partition: partitionOf(alert) });
  return arn ? [{ arn, accountId: alert.accountId, region: alert.region, tags }] : [];
}

/** The partition of the alert's own ARNs (`aws-cn`, `aws-us-gov`), `aws` when it has none. */
function partitionOf(alert: Alert): string {
  const arn = alert.resource.arn ?? alert.actor?.principal ?? '';
  return /^arn:(aws[a-z-]*):/.exec(arn)?.[1] ?? 'aws';
}

function principalOf(alert: Alert): PrincipalGuess | undefined {
  const principal = alert.actor?.principal?.trim() ?? '';
  const fromArn = principalFromArn(principal);
  if (fromArn) return fromArn;
  const caller = alert.facts?.find((f) => f.label === 'Caller')?.value;
  const fromFact = principalFromCallerFact(caller);
  if (fromFact) return fromFact;
  // The root user is the account itself: its owner is the account's, never an IAM name's.
  const root =
    isRootArn(principal) ||
    (alert.resource.arn !== undefined && isRootArn(alert.resource.arn)) ||
    caller?.startsWith('root user') === true;
  return root ? undefined : bareName(alert, principal);
}

function principalFromArn(text: string): PrincipalGuess | undefined {
  const principal = iamPrincipalOfArn(text);
  return principal ? { name: principal.name, kinds: [principal.kind] } : undefined;
}

/** GuardDuty's `Caller` fact: `role web-app-role, session i-0abc` or `user alice` (… `via service`). */
function principalFromCallerFact(caller: string | undefined): PrincipalGuess | undefined {
  if (!caller) return undefined;
  const role = /^role ([\w+=,.@-]{1,64})(?:,| via |$)/.exec(caller)?.[1];
  if (role) return { name: role, kinds: ['role'] };
  const user = /^user ([\w+=,.@-]{1,64})(?: via |$)/.exec(caller)?.[1];
  return user ? { name: user, kinds: ['user'] } : undefined;
}

/**
 * A bare name is an IAM principal only next to an access key (a Kubernetes or database user is
 * not). A long-term key (AKIA…) belongs to a user; a temporary one (ASIA…) is most often a role's
 * session but may be a user's, so both are tried, role first.
 */
function bareName(alert: Alert, name: string): PrincipalGuess | undefined {
  const key = alert.actor?.accessKeyId ?? '';
  const nearKey = key !== '' || alert.resource.type === 'AccessKey';
  if (!nearKey || !IAM_NAME.test(name) || /^\d{12}$/.test(name) || name.endsWith('.amazonaws.com'))
    return undefined;
  if (key.startsWith('AKIA')) return { name, kinds: ['user'] };
  return { name, kinds: ['role', 'user'] };
}
