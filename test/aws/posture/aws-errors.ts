import { CloudTrailServiceException } from '@aws-sdk/client-cloudtrail';
import { GuardDutyServiceException } from '@aws-sdk/client-guardduty';
import { KMSServiceException } from '@aws-sdk/client-kms';
import { S3ServiceException } from '@aws-sdk/client-s3';

/** Errors shaped the way each SDK deserialises an AWS error code it does not model. */
const options = (name: string, status: number) => ({
  name,
  $fault: status >= 500 ? ('server' as const) : ('client' as const),
  $metadata: { httpStatusCode: status },
  message: `${name} (test)`,
});

export const s3Error = (name: string, status = 400) => new S3ServiceException(options(name, status));
export const kmsError = (name: string, status = 400) => new KMSServiceException(options(name, status));
export const cloudTrailError = (name: string, status = 400) =>
  new CloudTrailServiceException(options(name, status));
export const guardDutyError = (name: string, status = 400) =>
  new GuardDutyServiceException(options(name, status));
