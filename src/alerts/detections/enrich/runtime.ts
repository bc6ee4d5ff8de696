import type { CloudTrailLogsPort } from '../../../aws/logs/port.js';
import { RedisRateBudget } from '../../../aws/logs/rate-budget.js';
import { logGroupLookup } from '../../../platform/config/log-watch.js';
import type { AppContext } from '../../../platform/context.js';
import type { Alert } from '../../alert.js';
import type { Catalog } from '../catalog.js';
import { enrichAlarmAlert } from './enrich-alarm.js';

/**
 * Alarm-mode enrichment for a running Watchkeeper: the logs port per account and region,
 * the shared CloudWatch Logs rate budget (the one poll mode uses), and the configured mapping.
 * Alerts that are not CIS alarms come back unchanged without any AWS call.
 */
export function alarmEnricher(
  catalog: Catalog,
  logsPortFor: (ctx: AppContext, target: { accountId: string; region: string }) => CloudTrailLogsPort,
): (ctx: AppContext, alert: Alert) => Promise<Alert> {
  return (ctx, alert) => {
    if (alert.source !== 'cloudwatch-alarm' || ctx.config.alarmMode.logGroups.length === 0)
      return Promise.resolve(alert);
    return enrichAlarmAlert(alert, {
      catalog,
      mapping: ctx.config.alarmMode.metricMapping,
      portFor: (accountId, region) => logsPortFor(ctx, { accountId, region }),
      logGroupFor: logGroupLookup(ctx.config.alarmMode.logGroups),
      budget: new RedisRateBudget({
        redis: ctx.redis,
        prefix: ctx.config.redis.prefix,
        requestsPerSecond: ctx.config.logWatch.requestsPerSecond,
        now: ctx.now,
      }),
      now: ctx.now,
      logger: ctx.logger,
      lookbackMs: ctx.config.alarmMode.lookbackMinutes * 60_000,
    });
  };
}
