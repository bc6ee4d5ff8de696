import { Option } from 'commander';
import { exportAudit } from '../../platform/audit/export.js';
import { type CliIO, ExitCode } from '../io.js';
import type { CliVerb } from '../verb.js';
import { withRedis } from '../with-redis.js';

export const auditLogVerb: CliVerb = {
  name: 'audit-log',
  description: 'The append-only audit log of every incident transition and responder action',
  subcommands: [
    {
      name: 'export',
      description: 'Print audit entries since a date, as CSV or JSON lines',
      configure(command) {
        command.requiredOption('--since <date>', 'ISO date or date-time, e.g. 2026-11-01');
        command.addOption(
          new Option('--format <format>', 'output format').choices(['csv', 'jsonl']).default('csv'),
        );
      },
      async run(io: CliIO, _args, options) {
        const since = new Date(String(options.since));
        if (Number.isNaN(since.getTime())) {
          io.stderr.write(
            `--since "${String(options.since)}" is not a date; use ISO form like 2026-11-01 or 2026-11-01T09:00:00Z\n`,
          );
          return ExitCode.BadInput;
        }
        return withRedis(io, async (redis, config) => {
          io.stdout.write(
            await exportAudit(redis, config.redis.prefix, {
              since,
              format: options.format as 'csv' | 'jsonl',
            }),
          );
          return ExitCode.Ok;
        });
      },
    },
  ],
};
