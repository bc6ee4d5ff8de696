import type { Logger } from '../../platform/log/logger.js';
import { checkedCall } from './checked-call.js';
import { type CloudTrailClients, readTrails } from './cloudtrail.js';
import { type GuardDutyClients, readGuardDuty } from './guardduty.js';
import { type KmsClients, readCustomerManagedKeys } from './kms.js';
import {
  type BlockPublicAccessState,
  type Checked,
  type CouldNotCheck,
  isCouldNotCheck,
  type PosturePort,
} from './port.js';
import { readBucketPosture, type S3Clients } from './s3.js';

/**
 * The production PosturePort over AWS SDK v3 clients. Clients come from the caller (one per
 * region, with whatever credentials reach the account), so the same code serves the account
 * Watchkeeper runs in and assumed-role member accounts.
 *
 * IAM actions used: s3:ListAllMyBuckets, s3:GetEncryptionConfiguration,
 * s3:GetBucketPublicAccessBlock, s3:GetAccountPublicAccessBlock (only with a reader, below),
 * kms:ListKeys, kms:DescribeKey, kms:GetKeyRotationStatus, cloudtrail:DescribeTrails,
 * cloudtrail:GetTrailStatus, guardduty:ListDetectors, guardduty:GetDetector.
 */

/**
 * Reads account-level Block Public Access (S3 Control GetPublicAccessBlock): production passes
 * `s3ControlPublicAccessBlockReader` (s3-control.ts); without a reader the check reports that it
 * could not run.
 */
export type AccountPublicAccessBlockReader = (accountId: string) => Promise<BlockPublicAccessState | null>;

export interface SdkPosturePortOptions {
  accountId: string;
  clients: S3Clients & KmsClients & CloudTrailClients & GuardDutyClients;
  /** Region whose S3 endpoint lists the buckets. @defaultValue 'us-east-1' */
  s3ListRegion?: string;
  accountPublicAccessBlock?: AccountPublicAccessBlockReader;
  /** Per-bucket and per-key calls in flight at once. @defaultValue 8 */
  concurrency?: number;
  logger: Logger;
}

export const ACCOUNT_BPA_UNAVAILABLE: CouldNotCheck = {
  couldNotCheck: true,
  reason: 'account-level S3 Block Public Access is not read in this process (no S3 Control reader was given)',
};

export function createSdkPosturePort(options: SdkPosturePortOptions): PosturePort {
  const concurrency = options.concurrency ?? 8;
  const log = options.logger.child({ component: 'posture', accountId: options.accountId });
  // Could-not-check is an answer, not an error, but an operator fixing permissions wants to see it.
  const noted = <T>(check: string, result: Checked<T>): Checked<T> => {
    if (isCouldNotCheck(result))
      log.warn(
        { check, missingPermission: result.missingPermission, reason: result.reason },
        'posture check could not run',
      );
    return result;
  };
  return {
    accountId: options.accountId,
    buckets: async () =>
      noted(
        's3.buckets',
        await readBucketPosture(options.clients, options.s3ListRegion ?? 'us-east-1', concurrency),
      ),
    accountPublicAccessBlock: async () => {
      const reader = options.accountPublicAccessBlock;
      if (!reader) return noted('s3.accountPublicAccessBlock', ACCOUNT_BPA_UNAVAILABLE);
      const result = await checkedCall(
        {
          service: 'S3 Control',
          operation: 'GetPublicAccessBlock',
          action: 's3:GetAccountPublicAccessBlock',
          target: `account ${options.accountId}`,
        },
        () => reader(options.accountId),
      );
      return noted('s3.accountPublicAccessBlock', result);
    },
    customerManagedKeys: async (region) =>
      noted(`kms.keys.${region}`, await readCustomerManagedKeys(options.clients, region, concurrency)),
    trails: async (region) =>
      noted('cloudtrail.trails', await readTrails(options.clients, region, concurrency)),
    guardDuty: async (region) => {
      const result = await readGuardDuty(options.clients, region);
      noted(`guardduty.${region}`, result.enabled);
      return result;
    },
  };
}
