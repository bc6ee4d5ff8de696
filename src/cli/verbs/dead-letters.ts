import { Option } from 'commander';
import { loadDetectionCatalog } from '../../alerts/detections/catalog-loader.js';
import { detectionPort } from '../../alerts/detections/normalizer-port.js';
import { DeadLetterStore } from '../../alerts/intake/dead-letters.js';
import { replayDeadLetter } from '../../alerts/intake/replay.js';
import { acceptDeps, normalizeOptionsFromConfig } from '../../alerts/intake/wiring.js';
import { normalize } from '../../alerts/normalize.js';
import { createSilentLogger } from '../../platform/log/logger.js';
import { createMetrics } from '../../platform/metrics.js';
import { createQueues } from '../../platform/queue/queues.js';
import { type CliIO, ExitCode } from '../io.js';
import type { CliVerb } from '../verb.js';
import { withRedis } from '../with-redis.js';

export const deadLettersVerb: CliVerb = {
  name: 'dead-letters',
  description: 'Inputs that fit no known shape, kept in Redis: list them, or replay them after a fix',
  subcommands: [
    {
      name: 'list',
      description: 'List dead letters, oldest first, with the reason each was rejected',
      configure(command) {
        command.option('--limit <n>', 'how many to show', '100');
        command.addOption(
          new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
        );
      },
      async run(io: CliIO, _args, options) {
        return withRedis(io, async (redis, config) => {
          const { total, letters } = await new DeadLetterStore(redis, config.redis.prefix).list(
            Number(options.limit) || 100,
          );
          if (options.format === 'json') {
            io.stdout.write(`${JSON.stringify({ total, letters }, null, 2)}\n`);
            return ExitCode.Ok;
          }
          if (total === 0) io.stdout.write('No dead letters.\n');
          for (const l of letters) {
            io.stdout.write(`${l.id}  ${l.at}  ${l.job.origin}  replays=${l.replays}\n  ${l.reason}\n`);
          }
          if (total > letters.length) io.stdout.write(`(${total - letters.length} more; use --limit)\n`);
          return ExitCode.Ok;
        });
      },
    },
    {
      name: 'replay',
      description: 'Run dead letters through the current normalizers again; accepted ones leave the list',
      configure(command) {
        command.argument('[ids...]', 'dead letter ids (see list)');
        command.option('--all', 'replay every dead letter');
      },
      async run(io: CliIO, [ids], options) {
        const wanted = (ids as string[] | undefined) ?? [];
        if (!options.all && wanted.length === 0) {
          io.stderr.write(
            'Name the dead letters to replay, or pass --all.\nUsage: watchkeeper dead-letters replay ID... | --all\n',
          );
          return ExitCode.BadInput;
        }
        const catalog = await loadDetectionCatalog();
        return withRedis(io, async (redis, config) => {
          const queues = createQueues(redis, config.redis.prefix);
          try {
            const normalizeOptions = normalizeOptionsFromConfig(config, io.now, {
              detections: detectionPort(catalog),
            });
            const deps = acceptDeps({
              config,
              redis,
              queues,
              metrics: createMetrics({ defaultMetrics: false }),
              logger: createSilentLogger(),
              now: io.now,
              normalize: (job) => normalize(job, normalizeOptions),
            });
            const letters = options.all
              ? (await deps.deadLetters.list(100_000)).letters
              : await Promise.all(wanted.map((id) => deps.deadLetters.get(id)));
            let failed = 0;
            for (const [i, letter] of letters.entries()) {
              if (!letter) {
                io.stderr.write(`${wanted[i]}: no such dead letter\n`);
                failed += 1;
                continue;
              }
              const result = await replayDeadLetter(letter, deps);
              if (result.status === 'still-rejected') failed += 1;
              io.stdout.write(
                `${result.id}: ${result.status}${'alerts' in result ? ` (${result.alerts} ${result.alerts === 1 ? 'alert' : 'alerts'} queued)` : ''}${'reason' in result ? `: ${result.reason}` : ''}\n`,
              );
            }
            return failed > 0 ? ExitCode.Failure : ExitCode.Ok;
          } finally {
            await queues.close();
          }
        });
      },
    },
  ],
};
