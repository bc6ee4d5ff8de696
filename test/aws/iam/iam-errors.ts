import {
  CredentialReportExpiredException,
  CredentialReportNotPresentException,
  CredentialReportNotReadyException,
  IAMServiceException,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';

/** Errors shaped the way the IAM client deserialises them (modeled classes where IAM has one). */
const meta = (status: number) => ({ $metadata: { httpStatusCode: status }, message: 'test' });

export const accessDenied = (action: string) =>
  new IAMServiceException({
    name: 'AccessDenied',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
    message: `User: arn:aws:sts::444455556666:assumed-role/watchkeeper-reader/watchkeeper is not authorized to perform: ${action} on resource: *`,
  });
export const noSuchEntity = () => new NoSuchEntityException(meta(404));
export const reportNotReady = () => new CredentialReportNotReadyException(meta(404));
export const reportNotPresent = () => new CredentialReportNotPresentException(meta(410));
export const reportExpired = () => new CredentialReportExpiredException(meta(410));
