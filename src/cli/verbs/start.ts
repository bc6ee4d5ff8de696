import { Option } from 'commander';
import { composer } from '../../main/compose.js';
import { ROLES, type Role, startWatchkeeper } from '../../main/start.js';
import { loadConfig } from '../../platform/config/load.js';
import { ConfigError } from '../../platform/errors.js';
import { createLogger } from '../../platform/log/logger.js';
import { type CliIO, ExitCode } from '../io.js';
import type { CliVerb } from '../verb.js';

export const startVerb: CliVerb = {
  name: 'start',
  description: 'Run Watchkeeper: the web role (Slack + webhooks), queue workers and/or job schedulers',
  configure(command) {
    command.addOption(new Option('--role <role>', 'which part to run').choices([...ROLES]).default('all'));
  },
  async run(io: CliIO, _args, options) {
    let config: ReturnType<typeof loadConfig>;
    try {
      config = loadConfig({ env: io.env });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      io.stderr.write(
        `Refusing to start.\n${error.message}\n\nRun \`watchkeeper check-config\` after fixing; see docs/configuration.md.\n`,
      );
      return ExitCode.BadInput;
    }
    const logger = createLogger({ level: config.logLevel });
    const running = await startWatchkeeper({
      config,
      role: options.role as Role,
      logger,
      now: io.now,
      compose: await composer()(config),
    });
    await new Promise<void>((resolve) => {
      const onSignal = (signal: NodeJS.Signals) => {
        logger.info({ signal }, 'signal received');
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        void running.stop().then(() => resolve());
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    });
    logger.flush();
    return ExitCode.Ok;
  },
};
