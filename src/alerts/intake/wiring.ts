import type { Redis } from 'ioredis';
import picomatch from 'picomatch';
import type { AuditLog } from '../../platform/audit/audit.js';
import type { Config } from '../../platform/config/schema.js';
import type { Logger } from '../../platform/log/logger.js';
import type { Metrics } from '../../platform/metrics.js';
import type { Queues } from '../../platform/queue/queues.js';
import type { SeverityLabel } from '../alert.js';
import type { NormalizeOptions } from '../options.js';
import type { NormalizeResult } from '../result.js';
import type { AcceptDeps } from './accept.js';
import { DeadLetterStore } from './dead-letters.js';
import type { IntakeJob } from './intake-job.js';

/** Alarm severity from config: the first `alarmName` glob that matches wins. */
export function alarmSeverityFromConfig(config: Readonly<Config>): (alarmName: string) => SeverityLabel {
  const rules = config.intake.alarmSeverities.map((r) => ({
    match: picomatch(r.alarmName, { nocase: true }),
    severity: r.severity,
  }));
  return (alarmName) => rules.find((r) => r.match(alarmName))?.severity ?? config.intake.alarmDefaultSeverity;
}

export function normalizeOptionsFromConfig(
  config: Readonly<Config>,
  now: () => Date,
  extra: Partial<NormalizeOptions> = {},
): NormalizeOptions {
  return {
    now,
    alarmSeverity: alarmSeverityFromConfig(config),
    insufficientData: config.intake.insufficientData,
    ...extra,
  };
}

/** Everything `acceptInputs` needs, built from the shared runtime pieces. */
export function acceptDeps(args: {
  config: Readonly<Config>;
  redis: Redis;
  queues: Queues;
  metrics: Metrics;
  logger: Logger;
  now: () => Date;
  normalize: (job: IntakeJob) => NormalizeResult;
  /** The runtime's audit log (AppContext.audit): suppressed alarms are recorded there. */
  audit?: AuditLog;
}): AcceptDeps {
  return {
    ...(args.audit ? { audit: args.audit } : {}),
    queues: args.queues,
    deadLetters: new DeadLetterStore(args.redis, args.config.redis.prefix),
    metrics: args.metrics,
    logger: args.logger,
    normalize: args.normalize,
    now: args.now,
  };
}
