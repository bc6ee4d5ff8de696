/**
 * The IAM inventory port: everything an access review reads from one AWS account, in the JSON
 * shapes the AWS CLI prints (PascalCase keys, ISO-8601 date strings, policy documents as AWS
 * returns them: URL-encoded JSON strings). The SDK implementation (sdk-port.ts) and the sandbox's
 * sample account both produce it; `parseInventory` (src/iam/parse/inventory.ts) validates and
 * decodes it into the analysis's `Inventory`. Keeping the raw shape here means the CLI
 * (`watchkeeper audit --auth-details FILE.json`) and the bot read the same format.
 */

export interface RawIamInventory {
  readonly accountId?: string;
  /** ISO-8601 time the inventory was read. */
  readonly collectedAt: string;
  /**
   * The pages of `GetAccountAuthorizationDetails` merged into one object:
   * `{ UserDetailList, GroupDetailList, RoleDetailList, Policies }`, as
   * `aws iam get-account-authorization-details` prints it.
   */
  readonly authorizationDetails: unknown;
  /** The decoded CSV of `GetCredentialReport`; absent when it could not be read. */
  readonly credentialReportCsv?: string;
  /** `GetAccountPasswordPolicy`'s `PasswordPolicy`; `null` when the account has none (NoSuchEntity). */
  readonly passwordPolicy?: unknown;
  /** `GetAccountSummary`'s `SummaryMap`. */
  readonly summary?: Readonly<Record<string, number>>;
  /** `ListVirtualMFADevices`' assigned devices (`VirtualMFADevices`); absent when not read. */
  readonly virtualMfaDevices?: unknown;
  /** `ListServerCertificates`' `ServerCertificateMetadataList`; absent when not read. */
  readonly serverCertificates?: unknown;
  /** `ListSAMLProviders`' `SAMLProviderList`; absent when not read. */
  readonly samlProviders?: unknown;
  /**
   * The SCPs that apply to the account, read from AWS Organizations (the account's own, its OUs'
   * and the root's), each `{ Name, Document, Target }`; absent when not read.
   */
  readonly serviceControlPolicies?: unknown;
  /**
   * Parts asked for that AWS did not give, each with a short reason (`AWS refused
   * organizations:ListPoliciesForTarget`): the review says so instead of failing.
   */
  readonly unread?: readonly UnreadRawPart[];
}

export interface UnreadRawPart {
  readonly part:
    | 'service control policies'
    | 'virtual MFA devices'
    | 'server certificates'
    | 'SAML providers';
  readonly reason: string;
}

export type CollectStage =
  | 'authorization-details'
  | 'credential-report'
  | 'password-policy'
  | 'summary'
  | 'mfa-devices'
  | 'server-certificates'
  | 'saml-providers'
  | 'service-control-policies';

/** Reported while collecting, so the Slack status message and the CLI can show progress. */
export interface CollectProgress {
  readonly stage: CollectStage;
  /** Authorization-details pages fetched so far. */
  readonly pages: number;
  /** Users, roles and groups fetched so far. */
  readonly principals: number;
}

export interface IamInventoryPort {
  /** Reads the whole inventory. Errors are typed (AwsAccessDeniedError names the missing action). */
  collect(onProgress?: (progress: CollectProgress) => void): Promise<RawIamInventory>;
}
