import { GetPublicAccessBlockCommand, type S3ControlClient } from '@aws-sdk/client-s3-control';
import type { BlockPublicAccessState } from './port.js';
import type { AccountPublicAccessBlockReader } from './sdk-port.js';

/**
 * Account-level S3 Block Public Access (S3 Control GetPublicAccessBlock, IAM action
 * s3:GetAccountPublicAccessBlock). An account that never set it answers
 * NoSuchPublicAccessBlockConfiguration: nothing is blocked at account level, which is `null`.
 */
export function s3ControlPublicAccessBlockReader(client: S3ControlClient): AccountPublicAccessBlockReader {
  return async (accountId): Promise<BlockPublicAccessState | null> => {
    try {
      const answer = await client.send(new GetPublicAccessBlockCommand({ AccountId: accountId }));
      const c = answer.PublicAccessBlockConfiguration;
      if (!c) return null;
      return {
        blockPublicAcls: c.BlockPublicAcls === true,
        ignorePublicAcls: c.IgnorePublicAcls === true,
        blockPublicPolicy: c.BlockPublicPolicy === true,
        restrictPublicBuckets: c.RestrictPublicBuckets === true,
      };
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchPublicAccessBlockConfiguration') return null;
      throw error;
    }
  };
}
