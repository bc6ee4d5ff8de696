import { Option } from 'commander';
import { createLogger } from '../../log/logger.js';
import { startDemo } from '../../sandbox/demo.js';
import { composition } from '../compose.js';
import { type CliIO, ExitCode } from '../io.js';
import type { CliVerb } from '../verb.js';

export const demoVerb: CliVerb = {
  name: 'demo',
  description:
    'Run the sandbox: a private Redis, the local Slack API stand-in and the bot, with no Slack or AWS account',
  configure(command) {
    command.addOption(new Option('--port <port>', 'port of the sandbox (Slack stand-in)').default('3000'));
  },
  async run(io: CliIO, _args, options) {
    const port = Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      io.stderr.write(`--port must be a port number, got "${String(options.port)}"\n`);
      return ExitCode.BadInput;
    }
    // The demo's own log is kept quiet so its instructions stay readable.
    const logger = createLogger({ level: io.env.WATCHKEEPER_LOG_LEVEL ?? 'warn' });
    const demo = await startDemo({
      port,
      logger,
      composition: await composition(),
      ...(io.env.REDIS_URL ? { redisUrl: io.env.REDIS_URL } : {}),
    });
    io.stdout.write(
      [
        '',
        'Watchkeeper sandbox is running (SAMPLE DATA, no Slack workspace or AWS account needed).',
        `  Slack API stand-in: ${demo.url}   (the bot's Web API calls go here)`,
        `  Bot:                ${demo.bot.url}   (/healthz, /readyz, /metrics, /slack/events, /intake/*)`,
        '',
        'Try:',
        `  1. curl -s ${demo.bot.url}/readyz`,
        `  2. curl -s -X POST ${demo.bot.url}/intake/eventbridge -H 'x-watchkeeper-api-key: ${demo.eventBridgeApiKey}' \\`,
        '       -H content-type:application/json --data @test/fixtures/alerts/eventbridge-guardduty-finding.json',
        `  3. curl -s ${demo.bot.url}/metrics | grep watchkeeper_alerts`,
        '',
        'Press Ctrl-C to stop; everything the sandbox started is stopped with it.',
        '',
      ].join('\n'),
    );
    await new Promise<void>((resolve) => {
      const onSignal = () => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        resolve();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    });
    await demo.stop();
    io.stdout.write('Sandbox stopped.\n');
    return ExitCode.Ok;
  },
};
