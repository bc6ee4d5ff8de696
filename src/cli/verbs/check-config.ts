import { escalationConfigProblems } from '../../incidents/escalation-problems.js';
import { loadConfig } from '../../platform/config/load.js';
import { summarizeConfig } from '../../platform/config/summary.js';
import { ConfigError } from '../../platform/errors.js';
import { type CliIO, ExitCode } from '../io.js';
import type { CliVerb } from '../verb.js';

export const checkConfigVerb: CliVerb = {
  name: 'check-config',
  description:
    'Validate the configuration (environment and WATCHKEEPER_CONFIG file) and print it with secrets masked',
  configure() {},
  async run(io: CliIO) {
    try {
      const config = loadConfig({ env: io.env });
      io.stdout.write(`${summarizeConfig(config)}\n`);
      // Not errors (the bot runs), but what it cannot do: nobody to page on escalation.
      for (const problem of escalationConfigProblems(config)) io.stdout.write(`warning: ${problem}\n`);
      return ExitCode.Ok;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      io.stderr.write(`${error.message}\n\nSee docs/configuration.md for every setting.\n`);
      return ExitCode.BadInput;
    }
  },
};
