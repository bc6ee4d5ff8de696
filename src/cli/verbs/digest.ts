import { writeFile } from 'node:fs/promises';
import { Option } from 'commander';
import { loadDetectionCatalog } from '../../alerts/detections/catalog-loader.js';
import { digestPreviewJson, renderDigestText } from '../../digest/preview.js';
import { buildDigest } from '../../digest/runtime/build.js';
import { engineHistorySource } from '../../digest/runtime/engine-source.js';
import { reviewHistory } from '../../iam/review/report-store.js';
import { createIncidentEngine } from '../../incidents/engine.js';
import { type CliIO, ExitCode } from '../io.js';
import type { CliVerb } from '../verb.js';
import { withRedis } from '../with-redis.js';

/**
 * `watchkeeper digest --preview`: the digest from the incident history in Redis, without Slack.
 * Posture is read by the weekly job and `/digest`, not here, so this needs no AWS credentials.
 */
export const digestVerb: CliVerb = {
  name: 'digest',
  description: 'Render the weekly digest from the incident history in Redis (no Slack or AWS needed)',
  configure(command) {
    command.requiredOption('--preview', 'render it here instead of posting (the only mode from the CLI)');
    command.addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    );
    command.option('--png <file>', 'also write the chart to this PNG file');
    command.option('--time-zone <tz>', 'time zone for days and weeks', 'UTC');
  },
  async run(io: CliIO, _args, options) {
    const catalog = await loadDetectionCatalog();
    return withRedis(io, async (redis, config) => {
      const engine = createIncidentEngine({
        redis,
        prefix: `${config.redis.prefix}:inc`,
        config: config.incidents,
      });
      const built = await buildDigest({
        config,
        history: engineHistorySource(engine),
        now: io.now(),
        scope: { timeZone: String(options.timeZone) },
        detectionIds: catalog.detections.map((d) => d.id),
        accessReviews: (accounts) => reviewHistory(redis, config.redis.prefix, accounts),
      });
      io.stdout.write(
        options.format === 'json'
          ? `${JSON.stringify(digestPreviewJson(built.figures, built.scorecard, built.options), null, 2)}\n`
          : `${renderDigestText(built.figures, built.scorecard, built.options)}\n`,
      );
      if (typeof options.png === 'string') {
        if (!built.chart) {
          io.stderr.write('the chart could not be drawn; see the log\n');
          return ExitCode.Failure;
        }
        await writeFile(options.png, built.chart);
      }
      return ExitCode.Ok;
    });
  },
};
