export {
  admitSnsMessage,
  SNS_MAX_CLOCK_SKEW_MS,
  SNS_MAX_MESSAGE_AGE_MS,
  type SnsAdmission,
  type SnsAdmissionPolicy,
  type SnsAdmissionReason,
} from './admission.js';
export {
  type CertificateCacheOptions,
  type CertificateFetcher,
  createCachedCertificateFetcher,
  createHttpCertificateFetcher,
  type HttpCertificateFetcherOptions,
} from './cert-fetcher.js';
export { snsJobId } from './job-id.js';
export {
  parseSnsMessage,
  SNS_MESSAGE_TYPES,
  SnsInputError,
  type SnsMessage,
  type SnsMessageType,
  type SnsNotification,
  type SnsRejectReason,
  type SnsSubscriptionConfirmation,
  type SnsUnsubscribeConfirmation,
} from './message.js';
export { checkSigningCertUrl, checkSubscribeUrl, type UrlVerdict } from './sns-url.js';
export { snsStringToSign } from './string-to-sign.js';
export {
  confirmByHttpGet,
  handleSubscriptionConfirmation,
  type SubscriptionDeps,
  type SubscriptionOutcome,
} from './subscription.js';
export { isTopicArn, parseTopicArn, type SnsTopicArn, topicArnAllowed } from './topic-arn.js';
export { SnsAuthenticationError, type SnsVerifyDeps, verifySnsMessage } from './verify.js';
