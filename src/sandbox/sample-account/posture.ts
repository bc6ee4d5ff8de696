import type {
  BucketPosture,
  GuardDutyRegionPosture,
  KmsKeyPosture,
  PosturePort,
  TrailPosture,
} from '../../aws/posture/port.js';
import { SAMPLE_ACCOUNT_ID } from './identity.js';

/**
 * A sample account for the sandbox, demos and tests: a small, believable mix of good and bad
 * settings (one public bucket, one unencrypted bucket, one key without rotation, GuardDuty off
 * in one region, one check AWS refused) so every scorecard status has something to show.
 */

const buckets: BucketPosture[] = [
  {
    name: 'sample-app-assets',
    region: 'eu-west-1',
    defaultEncryption: true,
    publicAccessBlock: {
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    },
  },
  { name: 'sample-legacy-exports', region: 'eu-west-1', defaultEncryption: false, publicAccessBlock: null },
  {
    name: 'sample-marketing-site',
    region: 'us-east-1',
    defaultEncryption: true,
    publicAccessBlock: {
      blockPublicAcls: false,
      ignorePublicAcls: false,
      blockPublicPolicy: false,
      restrictPublicBuckets: false,
    },
  },
];

const keys: Record<string, KmsKeyPosture[]> = {
  'eu-west-1': [
    { keyId: '0b6c1f9e-sample-key-app', region: 'eu-west-1', rotationEnabled: true },
    { keyId: '7d3a44c2-sample-key-backups', region: 'eu-west-1', rotationEnabled: false },
  ],
  'us-east-1': [
    {
      keyId: 'c91e5a07-sample-key-restricted',
      region: 'us-east-1',
      rotationEnabled: {
        couldNotCheck: true,
        missingPermission: 'kms:GetKeyRotationStatus',
        reason:
          'KMS GetKeyRotationStatus was denied (AccessDeniedException) on key c91e5a07-sample-key-restricted in us-east-1',
      },
    },
  ],
};

const trails: TrailPosture[] = [
  {
    name: 'sample-org-trail',
    arn: `arn:aws:cloudtrail:eu-west-1:${SAMPLE_ACCOUNT_ID}:trail/sample-org-trail`,
    homeRegion: 'eu-west-1',
    multiRegion: true,
    logging: true,
  },
];

const guardDuty: Record<string, GuardDutyRegionPosture> = {
  'eu-west-1': { region: 'eu-west-1', enabled: true },
  'us-east-1': { region: 'us-east-1', enabled: false },
};

export function createSamplePosturePort(): PosturePort {
  return {
    accountId: SAMPLE_ACCOUNT_ID,
    buckets: async () => structuredClone(buckets),
    accountPublicAccessBlock: async () => null,
    customerManagedKeys: async (region) => structuredClone(keys[region] ?? []),
    trails: async () => structuredClone(trails),
    guardDuty: async (region) => structuredClone(guardDuty[region] ?? { region, enabled: false }),
  };
}
