/**
 * The shapes every part of the IAM access review shares: the inventory the analysis reads (after
 * parsing and URL-decoding what AWS returns), the findings it produces, and the report that is
 * posted, exported and kept for the digest. Everything here is plain JSON (times are ISO-8601
 * strings) because reports are stored in Redis and travel in job data.
 */

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** A policy statement with every "one or many" field normalized to an array. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: readonly string[];
  readonly NotAction?: readonly string[];
  readonly Resource?: readonly string[];
  readonly NotResource?: readonly string[];
  /** `"*"` or a map such as `{ AWS: [...], Service: [...], Federated: [...] }` (trust policies). */
  readonly Principal?: '*' | Readonly<Record<string, readonly string[]>>;
  readonly NotPrincipal?: '*' | Readonly<Record<string, readonly string[]>>;
  /** operator → condition key → values. */
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: readonly PolicyStatement[];
}

export interface InlinePolicy {
  readonly name: string;
  readonly document: PolicyDocument;
}

export interface AttachedPolicyRef {
  readonly arn: string;
  readonly name: string;
}

export interface ManagedPolicy {
  readonly arn: string;
  readonly name: string;
  /** `arn:aws:iam::aws:policy/...` */
  readonly awsManaged: boolean;
  readonly attachmentCount: number;
  /** The default version's document. */
  readonly document: PolicyDocument;
}

export interface IamUser {
  readonly name: string;
  readonly arn: string;
  readonly createDate: string;
  readonly groups: readonly string[];
  readonly inlinePolicies: readonly InlinePolicy[];
  readonly attachedPolicies: readonly AttachedPolicyRef[];
  /** ARN of the managed policy set as its permissions boundary, if any. */
  readonly permissionsBoundary?: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface IamGroup {
  readonly name: string;
  readonly arn: string;
  readonly inlinePolicies: readonly InlinePolicy[];
  readonly attachedPolicies: readonly AttachedPolicyRef[];
}

export interface IamRole {
  readonly name: string;
  readonly arn: string;
  readonly path: string;
  readonly createDate: string;
  readonly trustPolicy: PolicyDocument;
  readonly inlinePolicies: readonly InlinePolicy[];
  readonly attachedPolicies: readonly AttachedPolicyRef[];
  /** `RoleLastUsed.LastUsedDate`; absent when AWS has no record of use (never, or > 400 days). */
  readonly lastUsed?: string;
  /** ARN of the managed policy set as its permissions boundary, if any. */
  readonly permissionsBoundary?: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** A service control policy that applies to the account (`watchkeeper audit --scps FILE`). */
export interface ServiceControlPolicy {
  readonly name: string;
  readonly document: PolicyDocument;
  /** Where it is attached (`account …`, an OU id, `root …`), when known: each level must allow. */
  readonly target?: string;
}

export interface AccessKeyState {
  readonly active: boolean;
  /** Absent for `N/A` (no key). */
  readonly lastRotated?: string;
  /** Absent for `N/A` / `no_information`: never used (or before AWS tracked use). */
  readonly lastUsed?: string;
  readonly lastUsedService?: string;
}

/** One credential report row, special values (`N/A`, `no_information`, `not_supported`) resolved. */
export interface CredentialReportEntry {
  /** `<root_account>` for the root user. */
  readonly user: string;
  readonly arn: string;
  readonly root: boolean;
  readonly userCreationTime?: string;
  /** Root's `not_supported` reads as false. */
  readonly passwordEnabled: boolean;
  readonly passwordLastUsed?: string;
  readonly passwordLastChanged?: string;
  readonly mfaActive: boolean;
  readonly accessKeys: readonly [AccessKeyState, AccessKeyState];
}

/** `GetAccountPasswordPolicy`'s fields that the checks read. */
export interface PasswordPolicy {
  readonly minimumPasswordLength?: number;
  readonly requireSymbols?: boolean;
  readonly requireNumbers?: boolean;
  readonly requireUppercaseCharacters?: boolean;
  readonly requireLowercaseCharacters?: boolean;
  readonly passwordReusePrevention?: number;
  readonly maxPasswordAge?: number;
  readonly expirePasswords?: boolean;
}

/** An assigned virtual MFA device (`ListVirtualMFADevices`): an authenticator app, not a hardware key. */
export interface VirtualMfaDevice {
  /** An ARN, `arn:aws:iam::111122223333:mfa/NAME` (a hardware device's serial is not an ARN). */
  readonly serialNumber: string;
  /** The user it is assigned to; `arn:aws:iam::…:root` for the root user. */
  readonly userArn?: string;
  readonly enableDate?: string;
}

/** A server certificate stored in IAM (`ListServerCertificates`). */
export interface ServerCertificate {
  readonly name: string;
  readonly arn: string;
  readonly expiration: string;
  readonly uploadDate?: string;
}

/** A SAML identity provider (`ListSAMLProviders`). */
export interface SamlProvider {
  readonly name: string;
  readonly arn: string;
  /** When its metadata document stops being valid. */
  readonly validUntil?: string;
  readonly createDate?: string;
}

/** Parts of the inventory a read may miss, besides the credential report and password policy. */
export type OptionalPart =
  | 'service control policies'
  | 'virtual MFA devices'
  | 'server certificates'
  | 'SAML providers';

/** A part the read asked AWS for and did not get, and why (shown in the review: "SCPs not read: …"). */
export interface UnreadPart {
  readonly part: OptionalPart;
  /** Short and free of secrets: "AWS refused organizations:ListPoliciesForTarget". */
  readonly reason: string;
}

export interface Inventory {
  readonly accountId?: string;
  /** When the inventory was read (or `--now` for files). */
  readonly collectedAt: string;
  readonly users: readonly IamUser[];
  readonly groups: readonly IamGroup[];
  readonly roles: readonly IamRole[];
  readonly policies: readonly ManagedPolicy[];
  /** Absent when not supplied: the checks that need it are reported as skipped, never as passed. */
  readonly credentialReport?: readonly CredentialReportEntry[];
  /** `null`: the account has no password policy (itself a finding); absent: not read. */
  readonly passwordPolicy?: PasswordPolicy | null;
  /** `GetAccountSummary`'s `SummaryMap`. */
  readonly summary?: Readonly<Record<string, number>>;
  /**
   * The SCPs that apply to the account, when supplied; absent: not known, so the analysis is what
   * the account's own policies allow (SCPs can only take away).
   */
  readonly serviceControlPolicies?: readonly ServiceControlPolicy[];
  /** Assigned virtual MFA devices; absent: not read (the hardware-MFA checks are skipped). */
  readonly virtualMfaDevices?: readonly VirtualMfaDevice[];
  /** Absent: not read. */
  readonly serverCertificates?: readonly ServerCertificate[];
  /** Absent: not read. */
  readonly samlProviders?: readonly SamlProvider[];
  /** Parts the read asked for and AWS did not give (access denied, not in an organization). */
  readonly unread?: readonly UnreadPart[];
}

export type CheckArea =
  | 'root'
  | 'users'
  | 'policies'
  | 'privilege-escalation'
  | 'roles'
  | 'password-policy'
  | 'certificates'
  | 'federation';

export interface CheckDefinition {
  /** Stable id, e.g. `WK-IAM-ROOT-1`; never reused for a different meaning. */
  readonly id: string;
  readonly area: CheckArea;
  readonly title: string;
  readonly severity: Severity;
  /** CIS AWS Foundations Benchmark v5.0 item, e.g. `1.3`. */
  readonly cis?: string;
  /** AWS Security Hub control, e.g. `IAM.4`. */
  readonly securityHub?: string;
  /** Prowler's check ids this check covers (`iam_no_root_access_key`), for parity and cross-reference. */
  readonly prowler?: readonly string[];
  /** What to do about it, one sentence. */
  readonly fix: string;
}

export type PrincipalKind =
  | 'root'
  | 'user'
  | 'role'
  | 'group'
  | 'policy'
  | 'account'
  | 'certificate'
  | 'identity-provider';

export interface PrincipalRef {
  readonly kind: PrincipalKind;
  readonly name: string;
  readonly arn?: string;
}

export interface Finding {
  readonly checkId: string;
  readonly severity: Severity;
  readonly principal: PrincipalRef;
  /** What was seen, specific and short: "key AKIA…XYZ1 unused for 63 days". Never a full key id. */
  readonly evidence: string;
  readonly fix: string;
}

/** What a reviewer sees about one user or role in a campaign and in the evidence export. */
export interface PrincipalEvidence {
  readonly kind: 'user' | 'role';
  readonly name: string;
  readonly arn: string;
  /** Latest of console sign-in, access key use or role use; absent when never used. */
  readonly lastUsed?: string;
  readonly consoleAccess: boolean;
  readonly mfa: boolean;
  readonly activeAccessKeys: number;
  readonly admin: boolean;
  /** Names of privilege-escalation methods its policies allow. */
  readonly escalationMethods: readonly string[];
  /** Number of findings about this principal, by severity. */
  readonly findingCounts: Readonly<Record<Severity, number>>;
}

export interface SkippedCheck {
  readonly checkId: string;
  /** Why it did not run, e.g. "no credential report supplied". */
  readonly reason: string;
}

export interface AuditReport {
  readonly accountId?: string;
  readonly generatedAt: string;
  /** `account`, or `user:NAME` / `role:NAME` when the review was narrowed. */
  readonly scope: string;
  readonly counts: Readonly<Record<Severity, number>>;
  /** 0–100, 100 = no findings; see docs/access-reviews.md for the weights. */
  readonly score: number;
  /** Worst first. */
  readonly findings: readonly Finding[];
  readonly principals: readonly PrincipalEvidence[];
  readonly checksRun: readonly string[];
  readonly checksSkipped: readonly SkippedCheck[];
  /**
   * Parts of the inventory that were not read (`credential report`, `password policy`): the
   * review is partial and its score is not an all-clear for what they cover. Absent: complete.
   */
  readonly incomplete?: readonly string[];
  /** Why each part in `incomplete` beyond the credential report and password policy was not read. */
  readonly unread?: readonly UnreadPart[];
  /** The account's SAML providers with their validity, when they were read. */
  readonly samlProviders?: readonly (SamlProvider & { readonly expired: boolean })[];
}
