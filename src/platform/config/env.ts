/**
 * Which environment variable sets which config key. Environment variables win over the YAML
 * file, so secrets can stay out of files. This table is the one place env names are bound.
 */
export type EnvKind = 'string' | 'number' | 'boolean' | 'list';

export interface EnvBinding {
  readonly env: string;
  readonly path: readonly string[];
  readonly kind: EnvKind;
  readonly secret?: boolean;
}

export const ENV_BINDINGS: readonly EnvBinding[] = [
  { env: 'WATCHKEEPER_LOG_LEVEL', path: ['logLevel'], kind: 'string' },
  { env: 'REDIS_URL', path: ['redis', 'url'], kind: 'string', secret: true },
  { env: 'WATCHKEEPER_QUEUE_PREFIX', path: ['redis', 'prefix'], kind: 'string' },
  { env: 'WATCHKEEPER_REDIS_CLUSTER', path: ['redis', 'cluster'], kind: 'boolean' },
  { env: 'WATCHKEEPER_REDIS_CLUSTER_NODES', path: ['redis', 'clusterNodes'], kind: 'list' },
  { env: 'WATCHKEEPER_REDIS_USERNAME', path: ['redis', 'username'], kind: 'string' },
  { env: 'WATCHKEEPER_REDIS_PASSWORD', path: ['redis', 'password'], kind: 'string', secret: true },
  { env: 'WATCHKEEPER_REDIS_PASSWORD_FILE', path: ['redis', 'passwordFile'], kind: 'string' },
  { env: 'WATCHKEEPER_REDIS_TLS_CA_FILE', path: ['redis', 'tlsCaFile'], kind: 'string' },
  { env: 'SLACK_BOT_TOKEN', path: ['slack', 'botToken'], kind: 'string', secret: true },
  { env: 'SLACK_SIGNING_SECRET', path: ['slack', 'signingSecret'], kind: 'string', secret: true },
  { env: 'SLACK_APP_TOKEN', path: ['slack', 'appToken'], kind: 'string', secret: true },
  { env: 'SLACK_API_URL', path: ['slack', 'apiUrl'], kind: 'string' },
  { env: 'HOST', path: ['http', 'host'], kind: 'string' },
  { env: 'PORT', path: ['http', 'port'], kind: 'number' },
  { env: 'WATCHKEEPER_BODY_LIMIT_BYTES', path: ['http', 'bodyLimitBytes'], kind: 'number' },
  { env: 'WATCHKEEPER_ADMIN_HOST', path: ['http', 'adminHost'], kind: 'string' },
  { env: 'WATCHKEEPER_ADMIN_PORT', path: ['http', 'adminPort'], kind: 'number' },
  {
    env: 'WATCHKEEPER_EVENTBRIDGE_API_KEY',
    path: ['intake', 'eventBridgeApiKey'],
    kind: 'string',
    secret: true,
  },
  { env: 'WATCHKEEPER_SNS_TOPIC_ARNS', path: ['intake', 'snsTopicArns'], kind: 'list' },
  { env: 'WATCHKEEPER_DEFAULT_CHANNEL', path: ['channels', 'default'], kind: 'string' },
  { env: 'WATCHKEEPER_WORKER_CONCURRENCY', path: ['workers', 'concurrency'], kind: 'number' },
  { env: 'WATCHKEEPER_SHUTDOWN_GRACE_MS', path: ['workers', 'shutdownGraceMs'], kind: 'number' },
  { env: 'WATCHKEEPER_GUARDDUTY_SYNC', path: ['guardDuty', 'syncEnabled'], kind: 'boolean' },
  { env: 'WATCHKEEPER_SECURITY_HUB_SYNC', path: ['securityHub', 'syncEnabled'], kind: 'boolean' },
  { env: 'WATCHKEEPER_SECURITY_HUB_REGIONS', path: ['securityHub', 'regions'], kind: 'list' },
  {
    env: 'WATCHKEEPER_DETECTION_GROUP_WINDOW_MINUTES',
    path: ['detectionGrouping', 'windowMinutes'],
    kind: 'number',
  },
  { env: 'WATCHKEEPER_REMEDIATION', path: ['remediation', 'enabled'], kind: 'boolean' },
  { env: 'WATCHKEEPER_OWNERS_FILE', path: ['ownership', 'registryFile'], kind: 'string' },
  { env: 'WATCHKEEPER_RESPONDERS', path: ['roles', 'responder'], kind: 'list' },
  { env: 'WATCHKEEPER_SECURITY_ADMINS', path: ['roles', 'securityAdmin'], kind: 'list' },
  {
    env: 'WATCHKEEPER_ACCESS_REVIEW_REMEDIATION',
    path: ['accessReview', 'remediation', 'enabled'],
    kind: 'boolean',
  },
];

/** The YAML file named by this variable is read first; env bindings are laid over it. */
export const CONFIG_FILE_ENV = 'WATCHKEEPER_CONFIG';

export function envNameFor(path: readonly PropertyKey[]): string | undefined {
  const dotted = path.map(String).join('.');
  return ENV_BINDINGS.find((b) => b.path.join('.') === dotted)?.env;
}

export function isSecretPath(path: readonly string[]): boolean {
  const dotted = path.join('.');
  return ENV_BINDINGS.some((b) => b.secret && b.path.join('.') === dotted);
}
