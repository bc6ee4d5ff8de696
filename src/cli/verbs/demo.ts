import { Option } from 'commander';
import { type Composer, composer } from '../../main/compose.js';
import { createLogger } from '../../platform/log/logger.js';
import { type RunningDemo, startDemo } from '../../sandbox/demo.js';
import {
  createSampleIamRemediation,
  type SampleIamRemediation,
} from '../../sandbox/sample-account/iam-remediation.js';
import {
  createSampleIamInventoryPort,
  createSampleRemediationPort,
  SampleCloudTrailLogsPort,
  type SampleRemediationState,
  sampleGuardDutyPortFor,
  sampleRemediationState,
  sampleTagsPort,
} from '../../sandbox/sample-account/index.js';
import { createSamplePosturePort } from '../../sandbox/sample-account/posture.js';
import { type CliIO, ExitCode } from '../io.js';
import type { CliVerb } from '../verb.js';

export const demoVerb: CliVerb = {
  name: 'demo',
  description:
    'Run the sandbox: a private Redis, the local Slack API stand-in and the bot, with no Slack or AWS account',
  configure(command) {
    command.addOption(
      new Option('--port <port>', 'port of the sandbox web UI and Slack stand-in (0: any free port)').default(
        '3000',
      ),
    );
  },
  async run(io: CliIO, _args, options) {
    const port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      io.stderr.write(`--port must be a port number, got "${String(options.port)}"\n`);
      return ExitCode.BadInput;
    }
    // The demo's own log is kept quiet so its instructions stay readable.
    const logger = createLogger({ level: io.env.WATCHKEEPER_LOG_LEVEL ?? 'warn' });
    // Listening before anything starts: a Ctrl-C during start-up stops the sandbox once it is up,
    // instead of killing the process with half of it running.
    const stopRequested = stopSignal(io);
    let demo: RunningDemo;
    try {
      demo = await startDemo({
        port,
        logger,
        compose: sandboxComposer(io.now),
        ...(io.env.REDIS_URL ? { redisUrl: io.env.REDIS_URL } : {}),
      });
    } catch (error) {
      stopRequested.dispose();
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      io.stderr.write(`Port ${port} is already in use: pass --port <another port> (0 picks a free one).\n`);
      return ExitCode.Failure;
    }
    if (!stopRequested.received()) io.stdout.write(demoInstructions(demo));
    await stopRequested.promise;
    io.stdout.write('Stopping the sandbox…\n');
    // The bot first (its workers finish or hand back their jobs), then the stand-in, then Redis.
    await demo.stop();
    stopRequested.dispose();
    io.stdout.write('Sandbox stopped.\n');
    return ExitCode.Ok;
  },
};

/** One Ctrl-C can arrive twice: from the terminal and forwarded by `npm run demo`. */
const SAME_CTRL_C_MS = 1_000;

/**
 * SIGINT or SIGTERM asks the sandbox to stop. Another one while it is stopping ends the process
 * at once (exit 130); the private Redis is killed and its folder removed on exit even then.
 */
function stopSignal(io: CliIO): { promise: Promise<void>; received(): boolean; dispose(): void } {
  let firstAt: number | undefined;
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  const onSignal = () => {
    const now = Date.now();
    if (firstAt === undefined) {
      firstAt = now;
      resolve();
      return;
    }
    if (now - firstAt < SAME_CTRL_C_MS) return;
    io.stderr.write('Stopping now, without waiting for the bot.\n');
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    promise,
    received: () => firstAt !== undefined,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

export interface SandboxComposerOptions {
  /**
   * The sample account's containment state (users' keys, instances' groups, …). A browser test
   * passes its own to read back what containment changed; by default the sandbox makes one.
   */
  readonly remediationState?: SampleRemediationState;
  /** The sample account's IAM for an access-review Revoke; a browser test passes its own to read back. */
  readonly iamRemediation?: SampleIamRemediation;
}

/**
 * The production composition with every AWS port swapped for the sample account's: GuardDuty,
 * CloudTrail logs, IAM (read, and the access-review Revoke's writes), tags, posture and
 * containment (whose permission check says the sample role may make every call). The demo and
 * the browser tests all run this.
 */
export function sandboxComposer(now: () => Date, options: SandboxComposerOptions = {}): Composer {
  // One sample trail for the whole sandbox, whatever account and region log watch asks for.
  const sampleLogs = new SampleCloudTrailLogsPort();
  // One containment port for the whole sandbox: its state lives as long as the sandbox, so a
  // deactivated key still reads Inactive on the next preview, and Undo finds what it changed.
  const remediation = createSampleRemediationPort(options.remediationState ?? sampleRemediationState());
  // One sample IAM for Revoke too, for the same reason: a revoked key stays Inactive.
  const iamRemediation = options.iamRemediation ?? createSampleIamRemediation({ now });
  return composer({
    guardDutyPortFor: sampleGuardDutyPortFor(now),
    tagsPortFor: () => sampleTagsPort(),
    posturePortFor: () => createSamplePosturePort(),
    iamPortFor: (ctx) => createSampleIamInventoryPort({ now: ctx.now }),
    cloudTrailLogsPortFor: () => sampleLogs,
    remediationPortFor: () => remediation,
    iamRemediationFor: () => iamRemediation,
  });
}

/** What the demo prints: where to look, and four things to try there. */
export function demoInstructions(demo: Pick<RunningDemo, 'url' | 'bot' | 'eventBridgeApiKey'>): string {
  return [
    '',
    'Watchkeeper sandbox is running. Everything in it is SAMPLE DATA: no Slack workspace or AWS account needed.',
    '',
    `  Open the workspace in a browser:  ${demo.url}`,
    `  Bot (HTTP mode):                  ${demo.bot.url}   (/healthz, /readyz, /slack/events, /intake/*)`,
    `  Bot admin (this machine only):    ${demo.bot.adminUrl}   (/metrics, /readyz with details)`,
    '',
    'Four things to try:',
    '  1. In the message box at the bottom, type  /watchkeeper help  and press Enter:',
    '     the bot answers with a message only you can see. Then try  /access-review  (an IAM access review of',
    '     the sample account, with planted problems) and  /digest preview.',
    "  2. Watch #security-incidents: the sample account's GuardDuty findings arrive every few seconds and",
    '     each incident gets one card; tick a runbook step, Acknowledge it, then Resolve it through the modal.',
    '     You can also push a finding yourself, as EventBridge would:',
    `       curl -s -X POST ${demo.bot.url}/intake/eventbridge -H 'x-watchkeeper-api-key: ${demo.eventBridgeApiKey}' \\`,
    '         -H content-type:application/json --data @test/fixtures/alerts/guardduty/eventbridge-redacted-dns.json',
    '  3. Switch "Acting as" in the sidebar between Riley (responder), Sasha (security admin) and Nico (no role),',
    "     then click the card's buttons: each click reaches the bot signed as Slack would sign it, and role checks",
    '     answer differently for each person.',
    '  4. Contain an incident with two people: as Riley, pick "Isolate the instance" in an EC2 card\'s Contain… menu,',
    '     read the preview (the exact AWS calls), give a reason and confirm; the request waits in the thread. Riley',
    "     cannot approve it; switch to Sasha and Approve: the thread shows the sample account's instance in the",
    '     isolation group. Undo puts it back.',
    '',
    'Press Ctrl-C to stop; everything the sandbox started is stopped with it.',
    '',
  ].join('\n');
}
