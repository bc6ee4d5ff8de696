import {
  DeletePublicAccessBlockCommand,
  GetPublicAccessBlockCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { type RemediationCallScope, sendCall } from './call.js';
import type { RemediationAwsPort } from './port.js';

/** The S3 half of the remediation port: a bucket's Block Public Access. */
type S3Part = Pick<
  RemediationAwsPort,
  'getPublicAccessBlock' | 'putPublicAccessBlock' | 'deletePublicAccessBlock'
>;

/** S3 answers "none configured" with this error code; the SDK does not model it. */
const NO_PUBLIC_ACCESS_BLOCK = 'NoSuchPublicAccessBlockConfiguration';

export function sdkS3Part(client: S3Client, scope: RemediationCallScope): S3Part {
  return {
    async getPublicAccessBlock(bucket) {
      const out = await sendCall(
        scope,
        {
          service: 'S3',
          operation: 'GetPublicAccessBlock',
          action: 's3:GetBucketPublicAccessBlock',
          about: `bucket ${bucket}`,
        },
        () => client.send(new GetPublicAccessBlockCommand({ Bucket: bucket })),
        { when: [NO_PUBLIC_ACCESS_BLOCK], value: undefined },
      );
      const config = out?.PublicAccessBlockConfiguration;
      if (!config) return undefined;
      return {
        BlockPublicAcls: config.BlockPublicAcls === true,
        IgnorePublicAcls: config.IgnorePublicAcls === true,
        BlockPublicPolicy: config.BlockPublicPolicy === true,
        RestrictPublicBuckets: config.RestrictPublicBuckets === true,
      };
    },

    async putPublicAccessBlock(bucket, block) {
      await sendCall(
        scope,
        {
          service: 'S3',
          operation: 'PutPublicAccessBlock',
          action: 's3:PutBucketPublicAccessBlock',
          about: `bucket ${bucket}`,
        },
        () =>
          client.send(
            new PutPublicAccessBlockCommand({ Bucket: bucket, PublicAccessBlockConfiguration: { ...block } }),
          ),
      );
    },

    async deletePublicAccessBlock(bucket) {
      // S3 authorises DeletePublicAccessBlock with the same action as Put.
      await sendCall(
        scope,
        {
          service: 'S3',
          operation: 'DeletePublicAccessBlock',
          action: 's3:PutBucketPublicAccessBlock',
          about: `bucket ${bucket}`,
        },
        () => client.send(new DeletePublicAccessBlockCommand({ Bucket: bucket })),
        { when: [NO_PUBLIC_ACCESS_BLOCK], value: undefined },
      );
    },
  };
}
