import { writeFile } from 'node:fs/promises';
import { Option } from 'commander';
import { loadDetectionCatalog } from '../../alerts/detections/catalog-loader.js';
import { exampleHistoryRecords, exampleMuteRules } from '../../digest/example.js';
import { digestPreviewJson, renderDigestText } from '../../digest/preview.js';
import { type BuiltDigest, buildDigest } from '../../digest/runtime/build.js';
import { engineHistorySource } from '../../digest/runtime/engine-source.js';
import { reviewHistory } from '../../iam/review/report-store.js';
import { createIncidentEngine } from '../../incidents/engine.js';
import { CONFIG_FILE_ENV } from '../../platform/config/env.js';
import { loadConfig } from '../../platform/config/load.js';
import type { Config } from '../../platform/config/schema.js';
import { ConfigError } from '../../platform/errors.js';
import { createRedis, waitForReady } from '../../platform/redis.js';
import { type CliIO, ExitCode } from '../io.js';
import type { CliVerb } from '../verb.js';

/**
 * `watchkeeper digest --preview`: the digest rendered here, never posted, so it needs no Slack
 * credentials. With Redis (REDIS_URL, or a config file) it shows your incident history; without
 * either it shows a made-up sample month, labelled as such, so a first run shows what the digest
 * looks like. Posture is read by the weekly job and `/digest`, not here: no AWS credentials either.
 */

/**
 * The config schema asks for Slack settings every runtime needs; a preview never talks to Slack,
 * so placeholders stand in for them when they are not set. They are never sent anywhere.
 */
const UNUSED_SLACK_SETTINGS = {
  SLACK_BOT_TOKEN: 'xoxb-digest-preview-never-sent',
  SLACK_SIGNING_SECRET: 'digest-preview-never-used',
} as const;

/** Where the sample preview "is": the config schema needs a Redis URL, which it never dials. */
const NO_REDIS = 'redis://sample-data.invalid:6379';

type Env = Readonly<Record<string, string | undefined>>;

function previewEnv(env: Env, sample: boolean): Record<string, string | undefined> {
  const filled: Record<string, string | undefined> = { ...env };
  for (const [key, value] of Object.entries(UNUSED_SLACK_SETTINGS)) if (!filled[key]) filled[key] = value;
  if (sample) filled.REDIS_URL = NO_REDIS;
  return filled;
}

interface PreviewOptions {
  readonly timeZone: string;
  readonly detectionIds: readonly string[];
}

async function sampleDigest(
  config: Readonly<Config>,
  io: CliIO,
  options: PreviewOptions,
): Promise<BuiltDigest> {
  const now = io.now();
  return buildDigest({
    config: { ...config, sampleData: true },
    history: {
      records: async () => exampleHistoryRecords(now),
      muteRules: async () => exampleMuteRules(now),
    },
    now,
    scope: { timeZone: options.timeZone },
    detectionIds: options.detectionIds,
  });
}

async function historyDigest(
  config: Readonly<Config>,
  io: CliIO,
  options: PreviewOptions,
): Promise<BuiltDigest> {
  const redis = createRedis(config.redis.url, 'producer');
  try {
    // Unreachable Redis: the CLI turns this into one line naming the address, exit 3.
    await waitForReady(redis, 5_000);
    const engine = createIncidentEngine({
      redis,
      prefix: `${config.redis.prefix}:inc`,
      config: config.incidents,
    });
    return await buildDigest({
      config,
      history: engineHistorySource(engine),
      now: io.now(),
      scope: { timeZone: options.timeZone },
      detectionIds: options.detectionIds,
      accessReviews: (accounts) => reviewHistory(redis, config.redis.prefix, accounts),
    });
  } finally {
    redis.disconnect();
  }
}

export const digestVerb: CliVerb = {
  name: 'digest',
  description:
    'Render the weekly digest here: from the incident history in Redis, or a sample month without REDIS_URL (no Slack or AWS needed)',
  configure(command) {
    command.requiredOption('--preview', 'render it here instead of posting (the only mode from the CLI)');
    command.addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    );
    command.option('--png <file>', 'also write the chart to this PNG file');
    command.option('--time-zone <tz>', 'time zone for days and weeks', 'UTC');
  },
  async run(io: CliIO, _args, options) {
    const sample = !io.env.REDIS_URL && !io.env[CONFIG_FILE_ENV];
    let config: Readonly<Config>;
    try {
      config = loadConfig({ env: previewEnv(io.env, sample) });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      io.stderr.write(`${error.message}\n`);
      return ExitCode.BadInput;
    }
    const catalog = await loadDetectionCatalog();
    const previewOptions = {
      timeZone: String(options.timeZone),
      detectionIds: catalog.detections.map((d) => d.id),
    };
    if (sample)
      io.stderr.write(
        'REDIS_URL is not set: this is the digest of a made-up sample month. Set REDIS_URL to see your own incident history.\n',
      );
    const built = sample
      ? await sampleDigest(config, io, previewOptions)
      : await historyDigest(config, io, previewOptions);
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
  },
};
