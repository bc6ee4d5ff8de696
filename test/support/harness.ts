import { type Compose, type Role, type RunningWatchkeeper, startWatchkeeper } from '../../src/main/start.js';
import type { Config } from '../../src/platform/config/schema.js';
import type { ListenerRegistrar, RouteMounter } from '../../src/platform/mounts.js';
import type { Workflow } from '../../src/platform/queue/processors.js';
import { createSlackStandIn, type SlackStandIn } from '../../src/sandbox/slack-api/index.js';
import type { CommandDefinition } from '../../src/slack/command.js';
import { CANARY, testConfig } from './config.js';
import { captureLogs } from './log-capture.js';

export const TEST_CHANNEL = 'C0SECOPS01';
export const RESPONDER = 'U0RESPOND1';
export const SECURITY_ADMIN = 'U0SECADMN1';
export const BYSTANDER = 'U0BYSTAND1';

export interface Harness {
  readonly slack: SlackStandIn;
  readonly bot: RunningWatchkeeper;
  readonly logs: () => string;
  stop(): Promise<void>;
}

/**
 * The real Watchkeeper runtime (Bolt app, HTTP server, workers) against the local Slack API
 * stand-in and the run's private Redis, with canary secrets so tests can prove none leak.
 */
export async function startHarness(options: {
  role?: Role;
  env?: Record<string, string | undefined>;
  workflows?: readonly Workflow[];
  commands?: readonly CommandDefinition[];
  routes?: readonly RouteMounter[];
  listeners?: readonly ListenerRegistrar[];
  socketMode?: boolean;
  /**
   * Loads a composition for the harness's config (the production one, `composer()`) or binds
   * test workflows to the runtime (`async () => (ctx) => ({ workflows: [...] })`).
   */
  compose?: (config: Readonly<Config>) => Promise<Compose>;
}): Promise<Harness> {
  const slack = createSlackStandIn({
    botToken: CANARY.botToken,
    appToken: CANARY.appToken,
    signingSecret: CANARY.signingSecret,
    users: [
      { id: RESPONDER, name: 'rita.responder', real_name: 'Rita Responder' },
      { id: SECURITY_ADMIN, name: 'sam.secadmin', real_name: 'Sam Secadmin' },
      { id: BYSTANDER, name: 'bo.bystander', real_name: 'Bo Bystander' },
    ],
    channels: [{ id: TEST_CHANNEL, name: 'sec-ops' }],
  });
  await slack.start();
  const { logger, text } = captureLogs();
  const config = testConfig({
    SLACK_API_URL: slack.apiUrl,
    WATCHKEEPER_RESPONDERS: RESPONDER,
    WATCHKEEPER_SECURITY_ADMINS: SECURITY_ADMIN,
    WATCHKEEPER_DEFAULT_CHANNEL: TEST_CHANNEL,
    ...(options.socketMode ? { SLACK_APP_TOKEN: CANARY.appToken } : {}),
    ...options.env,
  });
  const bot = await startWatchkeeper({
    config,
    role: options.role ?? 'all',
    logger,
    ...(options.compose
      ? { compose: withoutRepeatedCommands(await options.compose(config), options.commands) }
      : {}),
    ...(options.workflows ? { workflows: options.workflows } : {}),
    ...(options.commands ? { commands: options.commands } : {}),
    ...(options.routes ? { routes: options.routes } : {}),
    ...(options.listeners ? { listeners: options.listeners } : {}),
  });
  slack.sender.setRequestUrl(`${bot.url}/slack/events`);
  return {
    slack,
    bot,
    logs: text,
    async stop() {
      await bot.stop();
      await slack.stop();
    },
  };
}

/**
 * Tests often pass `commands: COMMANDS` beside the production composition, which binds the same
 * commands: keep one binding per command name, or each slash command would be handled twice.
 */
function withoutRepeatedCommands(
  compose: Compose,
  explicit: readonly CommandDefinition[] | undefined,
): Compose {
  const names = new Set((explicit ?? []).map((c) => c.name));
  return (ctx) => {
    const composed = compose(ctx);
    return { ...composed, commands: (composed.commands ?? []).filter((c) => !names.has(c.name)) };
  };
}
