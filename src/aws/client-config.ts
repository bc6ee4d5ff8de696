import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { AwsError } from '../platform/errors.js';

/**
 * SDK v3 client config for one account and region, and the one mapping from SDK errors to
 * `AwsError`. Throttling and 5xx are retried by the SDK itself (adaptive mode adds client-side
 * rate limiting once AWS starts throttling); what still fails reaches BullMQ's retry.
 */

/** Named through the provider's own signature, so no transitive @smithy package is imported. */
type CredentialProvider = ReturnType<typeof fromTemporaryCredentials>;
type SourceCredentials = NonNullable<Parameters<typeof fromTemporaryCredentials>[0]['masterCredentials']>;

export interface AwsTarget {
  /** 12-digit account id; used in errors and logs. */
  readonly accountId: string;
  readonly region: string;
  /** Assumed with STS for this account; omit to use the default credential chain as is. */
  readonly roleArn?: string;
  readonly externalId?: string;
}

export interface AwsClientOptions {
  /** Total attempts per call, including the first (config `aws.maxAttempts`). */
  readonly maxAttempts: number;
  /** Credentials used to call STS AssumeRole; the default chain when absent. */
  readonly sourceCredentials?: SourceCredentials;
  /** STS endpoint for AssumeRole, e.g. an interface VPC endpoint; the regional endpoint when absent. */
  readonly stsEndpoint?: string;
}

export interface AwsClientConfig {
  region: string;
  maxAttempts: number;
  retryMode: 'adaptive';
  credentials?: CredentialProvider;
}

export const ROLE_SESSION_NAME = 'watchkeeper';

/**
 * Build each client once per account and region and reuse it: the assume-role provider caches
 * its temporary credentials and refreshes them before they expire.
 */
export function awsClientConfig(target: AwsTarget, options: AwsClientOptions): AwsClientConfig {
  const config: AwsClientConfig = {
    region: target.region,
    maxAttempts: options.maxAttempts,
    retryMode: 'adaptive',
  };
  if (target.roleArn === undefined) return config;
  const params = {
    RoleArn: target.roleArn,
    RoleSessionName: ROLE_SESSION_NAME,
    ...(target.externalId === undefined ? {} : { ExternalId: target.externalId }),
  };
  config.credentials = fromTemporaryCredentials({
    params,
    // A regional STS endpoint: works when the global one is blocked, and keeps the call in-region.
    clientConfig: {
      region: target.region,
      maxAttempts: options.maxAttempts,
      retryMode: 'adaptive',
      ...(options.stsEndpoint === undefined ? {} : { endpoint: options.stsEndpoint }),
    },
    ...(options.sourceCredentials === undefined ? {} : { masterCredentials: options.sourceCredentials }),
  });
  return config;
}

/** IAM action prefix per service name used in `AwsError` messages. */
const IAM_PREFIX: Readonly<Record<string, string>> = {
  GuardDuty: 'guardduty',
  CloudWatch: 'cloudwatch',
  CloudWatchLogs: 'logs',
  'CloudWatch Logs': 'logs',
  CloudTrail: 'cloudtrail',
  IAM: 'iam',
  KMS: 'kms',
  S3: 's3',
  STS: 'sts',
  'Resource Groups Tagging': 'tag',
  ResourceGroupsTaggingAPI: 'tag',
  'Security Hub': 'securityhub',
  SecurityHub: 'securityhub',
};

const DENIED_NAMES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'AuthorizationError',
  'NotAuthorized',
]);

export interface AwsCallContext {
  /** e.g. `GuardDuty`. */
  readonly service: string;
  /** e.g. `ListFindings`. */
  readonly operation: string;
  /** What the call was about: `detector 12abc… in 123456789012/eu-west-1`. */
  readonly target: string;
  readonly roleArn?: string;
  /** The IAM action, when it is not `<prefix>:<operation>`. */
  readonly action?: string;
}

function errorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'UnknownError';
  const name = (error as { name?: unknown }).name;
  return typeof name === 'string' && name !== '' && name !== 'Error' ? name : 'UnknownError';
}

function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

/** AWS usually says which action it refused: "… is not authorized to perform: sts:AssumeRole on …". */
function actionNamedIn(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : undefined;
  return message ? /not authorized to perform:?\s+([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(message)?.[1] : undefined;
}

/**
 * Maps any error from an SDK call to `AwsError`. On access denied it names the missing IAM
 * action: the one AWS named in its message (e.g. `sts:AssumeRole` when the role could not be
 * assumed), else the one the call needs (`guardduty:ListFindings`).
 */
export function awsErrorFrom(error: unknown, context: AwsCallContext): AwsError {
  if (error instanceof AwsError) return error;
  let awsCode = errorName(error);
  const denied = DENIED_NAMES.has(awsCode) || httpStatus(error) === 403;
  if (denied && !/AccessDenied|UnauthorizedOperation|AuthorizationError|NotAuthorized/i.test(awsCode)) {
    // e.g. a 403 the SDK could not name: say plainly that access was denied.
    awsCode = 'AccessDenied';
  }
  const prefix = IAM_PREFIX[context.service] ?? context.service.toLowerCase().replace(/[^a-z0-9-]/g, '');
  const neededAction = context.action ?? `${prefix}:${context.operation}`;
  return new AwsError({
    service: context.service,
    operation: context.operation,
    awsCode,
    target: context.target,
    cause: error,
    ...(denied ? { missingAction: actionNamedIn(error) ?? neededAction } : {}),
    ...(context.roleArn === undefined ? {} : { roleArn: context.roleArn }),
  });
}
