import {
  type Bucket,
  GetBucketEncryptionCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  type PublicAccessBlockConfiguration,
  type S3Client,
} from '@aws-sdk/client-s3';
import { checkedCall, mapLimited } from './checked-call.js';
import { type BlockPublicAccessState, type BucketPosture, type Checked, isCouldNotCheck } from './port.js';

/**
 * S3 data-protection reads: default encryption and bucket-level Block Public Access per bucket.
 * S3 answers "not configured" with an error code, not an empty result, and those codes are not
 * modelled by the SDK, so they are matched by name.
 */

const NO_ENCRYPTION = 'ServerSideEncryptionConfigurationNotFoundError';
const NO_PUBLIC_ACCESS_BLOCK = 'NoSuchPublicAccessBlockConfiguration';
/** The bucket was deleted between ListBuckets and the per-bucket call. */
const GONE = 'NoSuchBucket';

export interface S3Clients {
  /** A client for `region`; create it with `followRegionRedirects: true` for buckets of unknown region. */
  s3(region: string): S3Client;
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

export function toBlockPublicAccessState(
  config: PublicAccessBlockConfiguration | undefined,
): BlockPublicAccessState {
  return {
    blockPublicAcls: config?.BlockPublicAcls === true,
    ignorePublicAcls: config?.IgnorePublicAcls === true,
    blockPublicPolicy: config?.BlockPublicPolicy === true,
    restrictPublicBuckets: config?.RestrictPublicBuckets === true,
  };
}

async function listAllBuckets(client: S3Client): Promise<Bucket[]> {
  const buckets: Bucket[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListBucketsCommand({ MaxBuckets: 1000, ...(token ? { ContinuationToken: token } : {}) }),
    );
    buckets.push(...(page.Buckets ?? []));
    token = page.ContinuationToken;
  } while (token);
  return buckets;
}

async function bucketEncryption(client: S3Client, bucket: string): Promise<Checked<boolean> | 'gone'> {
  const context = {
    service: 'S3',
    operation: 'GetBucketEncryption',
    action: 's3:GetEncryptionConfiguration',
    target: `bucket ${bucket}`,
  };
  return checkedCall(context, async () => {
    try {
      const out = await client.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
      return (out.ServerSideEncryptionConfiguration?.Rules ?? []).length > 0;
    } catch (error) {
      if (errorName(error) === NO_ENCRYPTION) return false;
      if (errorName(error) === GONE) return 'gone' as const;
      throw error;
    }
  });
}

async function bucketPublicAccessBlock(
  client: S3Client,
  bucket: string,
): Promise<Checked<BlockPublicAccessState | null> | 'gone'> {
  const context = {
    service: 'S3',
    operation: 'GetPublicAccessBlock',
    action: 's3:GetBucketPublicAccessBlock',
    target: `bucket ${bucket}`,
  };
  return checkedCall(context, async () => {
    try {
      const out = await client.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
      return toBlockPublicAccessState(out.PublicAccessBlockConfiguration);
    } catch (error) {
      if (errorName(error) === NO_PUBLIC_ACCESS_BLOCK) return null;
      if (errorName(error) === GONE) return 'gone' as const;
      throw error;
    }
  });
}

/** Every general-purpose bucket of the account with its encryption and public-access settings. */
export async function readBucketPosture(
  clients: S3Clients,
  listRegion: string,
  concurrency: number,
): Promise<Checked<BucketPosture[]>> {
  const listed = await checkedCall(
    { service: 'S3', operation: 'ListBuckets', action: 's3:ListAllMyBuckets', target: 'the account' },
    () => listAllBuckets(clients.s3(listRegion)),
  );
  if (isCouldNotCheck(listed)) return listed;
  const postures = await mapLimited(
    listed,
    concurrency,
    async (bucket): Promise<BucketPosture | undefined> => {
      const name = bucket.Name ?? '';
      const client = clients.s3(bucket.BucketRegion ?? listRegion);
      const [encryption, publicAccessBlock] = await Promise.all([
        bucketEncryption(client, name),
        bucketPublicAccessBlock(client, name),
      ]);
      if (encryption === 'gone' || publicAccessBlock === 'gone') return undefined;
      return {
        name,
        ...(bucket.BucketRegion ? { region: bucket.BucketRegion } : {}),
        defaultEncryption: encryption,
        publicAccessBlock,
      };
    },
  );
  return postures.filter((p): p is BucketPosture => p !== undefined);
}
