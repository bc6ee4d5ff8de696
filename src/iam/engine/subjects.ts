import type { IamGroup, PolicyStatement } from '../model.js';
import type { BroadAccess } from './broad-access.js';
import type { CoarsePermissions } from './permissions.js';
import type { PolicySet } from './policy-set.js';

/**
 * The principals, groups and policies of one inventory as the escalation analysis sees them:
 * each with its coarse permissions (to compare privilege) and, for users and roles, the
 * statements that decide its requests. Built once per audit by principals.ts.
 */

export interface Subject {
  readonly kind: 'user' | 'role';
  readonly name: string;
  readonly arn: string;
  readonly account?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Group names (users). */
  readonly groups: readonly string[];
  /** Managed policies attached directly or through a group. */
  readonly policyArns: readonly string[];
  readonly boundaryArn?: string;
  readonly serviceLinked: boolean;
  readonly set: PolicySet;
  readonly coarse: CoarsePermissions;
  /** Role trust policy statements (roles). */
  readonly trust: readonly PolicyStatement[];
}

export interface GroupInfo {
  readonly group: IamGroup;
  readonly coarse: CoarsePermissions;
}

export interface PolicyInfo {
  readonly arn: string;
  readonly awsManaged: boolean;
  readonly coarse: CoarsePermissions;
  /** Users, groups and roles it is attached to (ARNs). */
  readonly attachedTo: readonly string[];
}

export interface World {
  readonly users: readonly Subject[];
  readonly roles: readonly Subject[];
  readonly byArn: ReadonlyMap<string, Subject>;
  readonly groups: ReadonlyMap<string, GroupInfo>;
  readonly policies: ReadonlyMap<string, PolicyInfo>;
  /**
   * Roles whose trust policy names the principal ARN, the account (`:root`) or anyone; each list
   * holds a role once.
   */
  rolesTrusting(subject: Subject): {
    readonly direct: readonly Subject[];
    readonly viaAccount: readonly Subject[];
  };
  /** Roles whose trust policy lets a service principal (`ec2.amazonaws.com`) assume them. */
  rolesTrustingService(service: string): readonly Subject[];
  /**
   * What the principal's Allow statements grant on every resource (`"*"`), or `'all'` for `"*"`
   * or NotAction: its broad access, to tell a workload role scoped to its own resources from one
   * whose hand-over grants more.
   */
  broadActions(subject: Subject): BroadAccess;
}
