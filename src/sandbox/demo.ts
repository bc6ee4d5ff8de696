import { randomBytes } from 'node:crypto';
import type { Compose, RunningWatchkeeper } from '../main/start.js';
import { startWatchkeeper } from '../main/start.js';
import { loadConfig } from '../platform/config/load.js';
import type { Config } from '../platform/config/schema.js';
import type { Logger } from '../platform/log/logger.js';
import { type PrivateRedis, startPrivateRedis } from './redis-server.js';
import { SAMPLE_ACCOUNT_ALIAS, SAMPLE_ACCOUNT_ID, SAMPLE_REGION } from './sample-account/identity.js';
import { sendSampleSecurityEvents } from './sample-account/security-hub.js';
import { createSlackStandIn, type SlackStandIn } from './slack-api/index.js';
import { mountWebUi } from './web/index.js';

export const DEMO_CHANNEL = { id: 'C0DEMOSEC1', name: 'security-incidents' } as const;
export const DEMO_USERS = [
  { id: 'U0DEMORESP', name: 'riley.responder', real_name: 'Riley Responder (responder)' },
  { id: 'U0DEMOADMN', name: 'sasha.secadmin', real_name: 'Sasha Secadmin (security-admin)' },
  { id: 'U0DEMONONE', name: 'nico.norole', real_name: 'Nico Norole (no role)' },
] as const;

const SANDBOX_CONFIG_YAML = `
sampleData: true
aws:
  accounts:
    - id: "${SAMPLE_ACCOUNT_ID}"
      alias: "${SAMPLE_ACCOUNT_ALIAS}"
      regions: [${SAMPLE_REGION}]
guardDuty:
  intervalSeconds: 10
  backfillHours: 1
logWatch:
  enabled: true
  intervalSeconds: 10
  backfillMinutes: 30
  deliveryDelaySeconds: 0
  logGroups:
    - accountId: "${SAMPLE_ACCOUNT_ID}"
      region: ${SAMPLE_REGION}
      logGroupName: sample-cloudtrail
# Containment works on the sample account's in-memory state (sample-account/remediation.ts), so
# every action is on. Riley (responder) and Sasha (security admin) may both ask and approve; the
# second-person rule keeps its production default (isolation and session revocation wait for
# someone other than the requester), so two people are needed to try those two.
remediation:
  enabled: true
  actions:
    deactivateAccessKey: { allowedRoles: [responder, security-admin] }
    revokeRoleSessions: { allowedRoles: [responder, security-admin] }
    disableConsolePassword: { allowedRoles: [responder, security-admin] }
    isolateInstance: { allowedRoles: [responder, security-admin] }
    blockS3PublicAccess: { allowedRoles: [responder, security-admin] }
    restorePolicyVersion: { allowedRoles: [responder, security-admin] }
# An access-review Revoke may change the sample account's IAM (sample-account/iam-remediation.ts):
# Sasha (security admin) gets the "Change IAM" box and the "Confirm the revoke" list.
accessReview:
  remediation:
    enabled: true
`;

export interface DemoOptions {
  /** Use this Redis instead of starting a private one. */
  redisUrl?: string;
  /** Port of the stand-in and its web UI on 127.0.0.1; 0 picks a free one (tests). */
  port: number;
  logger: Logger;
  /** Loads the composition (commands, workflows, routes, listeners) for the sandbox's config. */
  compose: (config: Readonly<Config>) => Promise<Compose>;
}

export interface RunningDemo {
  /** The web UI (and the Slack API stand-in): `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly slack: SlackStandIn;
  readonly bot: RunningWatchkeeper;
  readonly eventBridgeApiKey: string;
  stop(): Promise<void>;
}

/**
 * The sandbox: a private Redis (unless one is given), the local Slack API stand-in with a demo
 * workspace and its browser UI, and the bot in HTTP mode pointed at it. Everything it starts, it
 * stops.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  let redis: PrivateRedis | undefined;
  const started: Array<() => Promise<void>> = [];
  try {
    if (options.redisUrl === undefined) {
      const own = await startPrivateRedis();
      redis = own;
      started.push(() => own.stop());
    }
    const redisUrl = options.redisUrl ?? (redis as PrivateRedis).url;
    const secrets = {
      botToken: `xoxb-demo-${randomBytes(12).toString('hex')}`,
      signingSecret: randomBytes(16).toString('hex'),
      eventBridgeApiKey: randomBytes(16).toString('hex'),
    };
    const slack = createSlackStandIn({
      botToken: secrets.botToken,
      signingSecret: secrets.signingSecret,
      users: DEMO_USERS.map((u) => ({ ...u })),
      channels: [{ id: DEMO_CHANNEL.id, name: DEMO_CHANNEL.name }],
      logger: options.logger.child({ component: 'slack-stand-in' }),
    });
    mountWebUi(slack, { logger: options.logger.child({ component: 'sandbox-ui' }) });
    await slack.start(options.port);
    started.push(() => slack.stop());
    const config = loadConfig({
      // The sample account stands in for AWS; its settings come from this in-memory file.
      readFile: () => SANDBOX_CONFIG_YAML,
      env: {
        WATCHKEEPER_CONFIG: 'sandbox.yaml',
        REDIS_URL: redisUrl,
        WATCHKEEPER_QUEUE_PREFIX: 'wk-demo',
        SLACK_BOT_TOKEN: secrets.botToken,
        SLACK_SIGNING_SECRET: secrets.signingSecret,
        SLACK_API_URL: slack.apiUrl,
        HOST: '127.0.0.1',
        PORT: '0',
        // Any free port: 9090 may be taken (Prometheus itself defaults to it).
        WATCHKEEPER_ADMIN_PORT: '0',
        WATCHKEEPER_EVENTBRIDGE_API_KEY: secrets.eventBridgeApiKey,
        // The sample account's alarm topic: SNS intake is open to it alone, as in a real set-up.
        WATCHKEEPER_SNS_TOPIC_ARNS: `arn:aws:sns:${SAMPLE_REGION}:${SAMPLE_ACCOUNT_ID}:watchkeeper-sample-alarms`,
        WATCHKEEPER_DEFAULT_CHANNEL: DEMO_CHANNEL.id,
        WATCHKEEPER_RESPONDERS: 'U0DEMORESP',
        WATCHKEEPER_SECURITY_ADMINS: 'U0DEMOADMN',
        WATCHKEEPER_SHUTDOWN_GRACE_MS: '3000',
      },
    });
    const bot = await startWatchkeeper({
      config,
      role: 'all',
      logger: options.logger,
      compose: await options.compose(config),
    });
    started.push(async () => {
      await bot.stop();
    });
    slack.sender.setRequestUrl(`${bot.url}/slack/events`);
    // The sample account's Security Hub (Inspector, Config, Access Analyzer) and Config events,
    // through the intake as an EventBridge API destination would send them; labelled sample data.
    await sendSampleSecurityEvents({
      url: bot.url,
      apiKey: secrets.eventBridgeApiKey,
      now: () => new Date(),
    });
    return {
      url: slack.url,
      slack,
      bot,
      eventBridgeApiKey: secrets.eventBridgeApiKey,
      async stop() {
        // Last started, first stopped: the bot, then the stand-in, then Redis.
        for (const stop of [...started].reverse()) await stop().catch(() => undefined);
        started.length = 0;
      },
    };
  } catch (error) {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    throw error;
  }
}
