import { z } from 'zod';
import { clusterPrefixProblem } from '../redis/hash-tag.js';
import { SEVERITY_LABELS } from '../severity.js';
import { detectionGroupingSchema } from './detection-grouping.js';
import { digestConfigSchema } from './digest.js';
import { escalationConfigSchema, incidentsConfigSchema, routingConfigSchema } from './incidents.js';
import { alarmModeSchema, logWatchSchema } from './log-watch.js';
import { remediationConfigSchema } from './remediation.js';
import { sampleFindingsConfigSchema } from './sample-findings.js';
import { securityHubConfigSchema } from './security-hub.js';

/**
 * The whole configuration, validated once at start-up. Every key is documented in
 * docs/configuration.md; `ENV_KEYS` (env.ts) says which environment variable sets which key.
 */

const severity = z.enum(SEVERITY_LABELS);
const slackChannelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'expected a Slack channel id like C0123ABCD');
const awsAccountId = z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id');
const awsRegion = z
  .string()
  .regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'expected an AWS region like eu-west-1');

/** `host:port` or `[ipv6]:port` of a cluster seed node. */
const redisNode = z
  .string()
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'expected host:port, like node-1.example.com:6379');

export const redisSchema = z
  .strictObject({
    /** redis://[user:password@]host:port[/db] or rediss:// for TLS; the first seed in cluster mode. */
    url: z.url({ protocol: /^rediss?$/, error: 'expected a redis:// or rediss:// URL' }),
    /** BullMQ key prefix. Must be a hash tag like `{wk}` on Redis Cluster (checked below). */
    prefix: z
      .string()
      .min(1)
      .regex(/^[A-Za-z0-9_{}-]+$/, 'use letters, digits, _ - and {} only (no `:`)')
      .default('wk'),
    /** Connect with ioredis Cluster: cluster-mode ElastiCache (Serverless included) and MemoryDB. */
    cluster: z.boolean().default(false),
    /** More seed nodes; any entry turns cluster mode on. */
    clusterNodes: z.array(redisNode).default([]),
    /** ACL user name; wins over the URL's. */
    username: z.string().min(1, 'expected a user name, or leave it unset').optional(),
    /** AUTH token or ACL password; wins over the URL's. Prefer `passwordFile` or the environment. */
    password: z.string().min(1, 'expected the AUTH token or password, or leave it unset').optional(),
    /** A file holding the AUTH token or password (a mounted secret); read at start-up. */
    passwordFile: z.string().min(1, 'expected a file path, or leave it unset').optional(),
    /** PEM CA bundle to trust for rediss:// (a private CA); the system roots otherwise. */
    tlsCaFile: z.string().min(1, 'expected a file path, or leave it unset').optional(),
  })
  .superRefine((redis, ctx) => {
    const inCluster = redis.cluster || redis.clusterNodes.length > 0;
    const url = URL.canParse(redis.url) ? new URL(redis.url) : undefined;
    if (inCluster) {
      const problem = clusterPrefixProblem(redis.prefix);
      if (problem) ctx.addIssue({ code: 'custom', path: ['prefix'], message: problem });
      if (url && !/^\/?0?$/.test(url.pathname))
        ctx.addIssue({
          code: 'custom',
          path: ['url'],
          message: 'Redis Cluster has only database 0: remove the /db part of the URL',
        });
    }
    if (url?.protocol === 'redis:' && redis.tlsCaFile)
      ctx.addIssue({
        code: 'custom',
        path: ['tlsCaFile'],
        message: 'a CA bundle is set but the URL is redis:// (no TLS): use rediss:// to connect over TLS',
      });
    if (redis.password && redis.passwordFile)
      ctx.addIssue({
        code: 'custom',
        path: ['passwordFile'],
        message: 'both a password and a password file are set: keep one',
      });
    if (url?.password && (redis.password || redis.passwordFile))
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: 'the URL carries a password and a separate password is set too: keep one',
      });
  });

export const slackSchema = z.strictObject({
  botToken: z.string().regex(/^xoxb-/, 'expected a bot token starting with xoxb-'),
  /** Needed in HTTP mode to verify Slack's signed requests. */
  signingSecret: z.string().min(8, 'expected the app signing secret').optional(),
  /** An app-level token (xapp-) switches the app to Socket Mode. */
  appToken: z
    .string()
    .regex(/^xapp-/, 'expected an app-level token starting with xapp-')
    .optional(),
  /** Web API base URL; tests and the sandbox point it at the local stand-in. */
  apiUrl: z.url().default('https://slack.com/api/'),
});

const tcpPort = (what: string) =>
  z.coerce
    .number()
    .int(`${what} must be a whole number`)
    .min(0, `${what} must be between 0 and 65535 (0 picks any free port)`)
    .max(65535, `${what} must be between 0 and 65535 (0 picks any free port)`);

/** An address to bind: IPv4, IPv6 or a host name; no scheme, port or path. */
const bindHost = z.union([z.ipv4(), z.ipv6(), z.hostname()], {
  error: 'expected an IP address or host name to listen on, like 127.0.0.1 (no scheme or port)',
});

export const httpSchema = z
  .strictObject({
    host: z.string().default('0.0.0.0'),
    port: tcpPort('port').default(3000),
    /** Largest request body accepted on any endpoint, in bytes. */
    bodyLimitBytes: z.coerce.number().int().min(1024).max(10_485_760).default(262_144),
    /**
     * The admin listener: /metrics and the detailed /readyz. Loopback by default because both
     * describe internals (queues, Slack errors, Redis state) and answering them costs work.
     */
    adminHost: bindHost.default('127.0.0.1'),
    adminPort: tcpPort('adminPort').default(9090),
  })
  .superRefine((http, ctx) => {
    if (http.adminPort !== 0 && http.adminPort === http.port)
      ctx.addIssue({
        code: 'custom',
        path: ['adminPort'],
        message: `must differ from http.port (${http.port}): the admin endpoints need their own listener`,
      });
  });

export const intakeSchema = z.strictObject({
  /** Shared key EventBridge API destinations send in the `x-watchkeeper-api-key` header. */
  eventBridgeApiKey: z.string().min(24, 'use at least 24 random characters').optional(),
  /** SNS topics whose subscription confirmations are accepted (exact ARNs or globs). */
  snsTopicArns: z.array(z.string()).default([]),
  /** Severity given to CloudWatch alarms by alarm name glob; first match wins. */
  alarmSeverities: z.array(z.strictObject({ alarmName: z.string(), severity })).default([]),
  alarmDefaultSeverity: severity.default('medium'),
  insufficientData: z.enum(['ignore', 'alert']).default('ignore'),
});

export const awsAccountSchema = z.strictObject({
  id: awsAccountId,
  alias: z.string().optional(),
  /** Role assumed in that account; omit for the account Watchkeeper runs in or a delegated admin. */
  roleArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+/, 'expected an IAM role ARN')
    .optional(),
  externalId: z.string().optional(),
  regions: z.array(awsRegion).min(1),
});

export const awsSchema = z.strictObject({
  accounts: z.array(awsAccountSchema).default([]),
  maxAttempts: z.coerce.number().int().min(1).max(20).default(5),
});

export const guardDutySchema = z.strictObject({
  syncEnabled: z.boolean().default(true),
  intervalSeconds: z.coerce.number().int().min(10).default(60),
  backfillHours: z.coerce
    .number()
    .min(0)
    .max(24 * 90)
    .default(24),
  includeArchived: z.boolean().default(false),
});

export const workersSchema = z.strictObject({
  /**
   * Jobs each worker process runs at once, per queue. Most of a job's time is spent waiting on
   * Redis and Slack, so more jobs in flight keep the one CPU busy: the pipeline bench
   * (docs/performance.md) ran fastest and cheapest per alert at 50 of 8, 20, 32 and 50.
   */
  concurrency: z.coerce.number().int().min(1).max(500).default(50),
  /** How long SIGTERM waits for in-flight jobs before closing anyway. */
  // Longer than one Slack call may take (10 s, no client retries), so a card post in flight at
  // SIGTERM finishes and its ts is stored instead of being posted again by another worker.
  shutdownGraceMs: z.coerce.number().int().min(0).max(600_000).default(15_000),
});

export const rolesSchema = z.strictObject({
  /** Slack user ids (U…) and user group ids (S…) that may act on incidents. */
  responder: z.array(z.string()).default([]),
  /** May do everything a responder can, plus mute rules, posting digests, remediation. */
  securityAdmin: z.array(z.string()).default([]),
});

/** Access-review campaigns started from a report's "Start review" button. */
export const accessReviewSchema = z.strictObject({
  campaign: z
    .strictObject({
      /** Days reviewers have before the campaign closes itself and exports its evidence. */
      deadlineDays: z.coerce
        .number()
        .int('deadlineDays must be a whole number of days')
        .min(1, 'deadlineDays must be at least 1')
        .max(90, 'deadlineDays must be at most 90 (reports are kept 90 days)')
        .default(14),
      /** Hours between two reminders to reviewers who still have undecided principals. */
      reminderEveryHours: z.coerce
        .number()
        .int('reminderEveryHours must be a whole number of hours')
        .min(1, 'reminderEveryHours must be at least 1')
        .max(720, 'reminderEveryHours must be at most 720 (30 days)')
        .default(24),
      /** Where the campaign status message goes; unset: the channel the campaign was started in. */
      channel: slackChannelId.optional(),
    })
    .prefault({}),
  remediation: z
    .strictObject({
      /**
       * Let Revoke deactivate access keys and detach managed policies (after a confirmation in the
       * modal). Off: Revoke only records the decision and a follow-up.
       */
      enabled: z.boolean().default(false),
    })
    .prefault({}),
});

export const configSchema = z.strictObject({
  /** Labels every incident and card as sample data; the sandbox sets it. */
  sampleData: z.boolean().default(false),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  redis: redisSchema,
  slack: slackSchema,
  http: httpSchema.prefault({}),
  intake: intakeSchema.prefault({}),
  aws: awsSchema.prefault({}),
  guardDuty: guardDutySchema.prefault({}),
  alerts: z
    .strictObject({
      /** GuardDuty's generated sample findings: drop, their own channel (default), or normal. */
      sampleFindings: sampleFindingsConfigSchema,
    })
    .prefault({}),
  /** Security Hub polling (GetFindings from a cursor), for teams that cannot add an EventBridge rule. */
  securityHub: securityHubConfigSchema.prefault({}),
  /** How CloudTrail detections group one actor's hits into one incident. */
  detectionGrouping: detectionGroupingSchema.prefault({}),
  /** Containment from the card (docs/remediation.md); off unless enabled. */
  remediation: remediationConfigSchema.prefault({}),
  workers: workersSchema.prefault({}),
  incidents: incidentsConfigSchema.prefault({}),
  digest: digestConfigSchema.prefault({}),
  routing: routingConfigSchema.prefault({}),
  escalation: escalationConfigSchema.prefault({}),
  /**
   * Your own CloudTrail detections, in the same schema as workflows/detections/*.yaml (id, title,
   * control, filterPattern, severity, runbookId…); validated with the catalog at start-up.
   */
  detections: z.array(z.record(z.string(), z.unknown())).default([]),
  /** CloudTrail detections in poll mode (CloudWatch Logs FilterLogEvents). */
  logWatch: logWatchSchema.prefault({}),
  /** CloudTrail detections in alarm mode: which alarm metric is which detection, where its logs are. */
  alarmMode: alarmModeSchema.prefault({}),
  roles: rolesSchema.prefault({}),
  accessReview: accessReviewSchema.prefault({}),
  ownership: z
    .strictObject({
      /** owners.yaml: ARN/name/account patterns -> team, channel, on-call group (deploy/owners.example.yaml). */
      registryFile: z.string().optional(),
      /** Tag keys that name an owner, tried in order. */
      tagKeys: z.array(z.string().min(1)).default(['Owner', 'Team', 'owner', 'team']),
    })
    .prefault({}),
  channels: z
    .object({
      /** Where incidents go when no routing rule matches. */
      default: slackChannelId.optional(),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;
export type SlackConfig = Config['slack'];
export type AwsAccountConfig = z.infer<typeof awsAccountSchema>;
