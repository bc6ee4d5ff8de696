/**
 * What the posture scorecard reads from an AWS account, as a port: the SDK implementation
 * (sdk-port.ts) for production, a sample account (sample-port.ts) for the sandbox and tests.
 *
 * Every check answers with its data or with `CouldNotCheck`: a check that could not run says
 * why and, when AWS refused, which IAM action was missing. It is never reported as passing.
 */

export interface CouldNotCheck {
  couldNotCheck: true;
  /** The IAM action AWS refused, e.g. `kms:GetKeyRotationStatus`. Absent when the cause was not a permission. */
  missingPermission?: string;
  reason: string;
}

export type Checked<T> = T | CouldNotCheck;

export function isCouldNotCheck(value: unknown): value is CouldNotCheck {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { couldNotCheck?: unknown }).couldNotCheck === true
  );
}

/** S3 Block Public Access, at account or bucket level. */
export interface BlockPublicAccessState {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

/** Public access counts as blocked only when all four settings are on. */
export function blocksAllPublicAccess(state: BlockPublicAccessState | null): boolean {
  return (
    state?.blockPublicAcls === true &&
    state.ignorePublicAcls &&
    state.blockPublicPolicy &&
    state.restrictPublicBuckets
  );
}

export interface BucketPosture {
  name: string;
  region?: string;
  /** Whether the bucket has a default encryption configuration. */
  defaultEncryption: Checked<boolean>;
  /** Bucket-level Block Public Access; null when the bucket has none configured. */
  publicAccessBlock: Checked<BlockPublicAccessState | null>;
}

/** A customer-managed, enabled, symmetric KMS key: the kind CIS expects to rotate. */
export interface KmsKeyPosture {
  keyId: string;
  region: string;
  rotationEnabled: Checked<boolean>;
}

export interface TrailPosture {
  name: string;
  arn: string;
  homeRegion?: string;
  multiRegion: boolean;
  logging: Checked<boolean>;
}

export interface GuardDutyRegionPosture {
  region: string;
  /** False when the region has no detector or its detector is not ENABLED. */
  enabled: Checked<boolean>;
}

export interface PosturePort {
  readonly accountId: string;
  buckets(): Promise<Checked<BucketPosture[]>>;
  /** Null when the account has no account-level Block Public Access configured. */
  accountPublicAccessBlock(): Promise<Checked<BlockPublicAccessState | null>>;
  customerManagedKeys(region: string): Promise<Checked<KmsKeyPosture[]>>;
  /** Trails visible from `region`, shadow copies of multi-region trails included. */
  trails(region: string): Promise<Checked<TrailPosture[]>>;
  guardDuty(region: string): Promise<GuardDutyRegionPosture>;
}

/** Everything the scorecard needs from one account. */
export interface PostureSnapshot {
  accountId: string;
  regions: string[];
  buckets: Checked<BucketPosture[]>;
  accountPublicAccessBlock: Checked<BlockPublicAccessState | null>;
  kmsKeys: { region: string; keys: Checked<KmsKeyPosture[]> }[];
  trails: Checked<TrailPosture[]>;
  guardDuty: GuardDutyRegionPosture[];
}

/**
 * Reads one account's posture across its configured regions. Multi-region trails show up in
 * every region, so trails are read once, from the first region.
 */
export async function collectPostureSnapshot(
  port: PosturePort,
  regions: readonly string[],
): Promise<PostureSnapshot> {
  const [firstRegion] = regions;
  const [buckets, accountPublicAccessBlock, kmsKeys, trails, guardDuty] = await Promise.all([
    port.buckets(),
    port.accountPublicAccessBlock(),
    Promise.all(regions.map(async (region) => ({ region, keys: await port.customerManagedKeys(region) }))),
    firstRegion === undefined
      ? Promise.resolve<CouldNotCheck>({
          couldNotCheck: true,
          reason: 'no region is configured for this account',
        })
      : port.trails(firstRegion),
    Promise.all(regions.map((region) => port.guardDuty(region))),
  ]);
  return {
    accountId: port.accountId,
    regions: [...regions],
    buckets,
    accountPublicAccessBlock,
    kmsKeys,
    trails,
    guardDuty,
  };
}
