import { withRateBudget } from '../../../aws/logs/budgeted-port.js';
import type { CloudTrailRecord } from '../../../aws/logs/cloudtrail-record.js';
import type { CloudTrailLogsPort } from '../../../aws/logs/port.js';
import type { RateBudget } from '../../../aws/logs/rate-budget.js';
import type { Logger } from '../../../platform/log/logger.js';
import type { Alert } from '../../alert.js';
import { cloudTrailActor } from '../../cloudtrail/actor.js';
import { MAX_EVIDENCE_RECORDS, trimEvidence } from '../../cloudtrail/evidence.js';
import { cloudTrailResource } from '../../cloudtrail/resource.js';
import type { Catalog, Detection } from '../catalog.js';
import { detectionForMetric, type MetricMapping } from '../metric-mapping.js';
import { type AlarmWindowFacts, alarmWindowFacts } from './alarm-metrics.js';

/**
 * Alarm mode: a CIS metric-filter alarm only says "the count went above 0". When its alarm
 * arrives (SNS or EventBridge), this finds the detection behind the metric and fetches the
 * CloudTrail events that tripped it from CloudWatch Logs (FilterLogEvents with the detection's
 * pattern over the alarm's evaluation window), so the card says who, from where, which API, on
 * what. The alert is never lost to enrichment: any failure returns it with a note.
 */

export const DEFAULT_LOOKBACK_MS = 15 * 60_000;
/** Enough to fill the evidence from a busy window without paging through hours of noise. */
export const MAX_ENRICHMENT_PAGES = 10;

export interface EnrichAlarmDeps {
  readonly catalog: Catalog;
  readonly mapping?: MetricMapping;
  /** The logs port for the alarm's account and region. */
  readonly portFor: (accountId: string, region: string) => CloudTrailLogsPort;
  /** The CloudTrail log group for the account and region (config `alarmMode.logGroups`). */
  readonly logGroupFor: (accountId: string, region: string) => string | undefined;
  /** The same per-account+region budget poll mode uses. */
  readonly budget: RateBudget;
  readonly now: () => Date;
  readonly logger: Logger;
  /** Window when the alarm does not say period x evaluation periods. @defaultValue 15 min */
  readonly lookbackMs?: number;
}

interface Window {
  readonly startTime: number;
  readonly endTime: number;
}

function detectionFor(facts: AlarmWindowFacts, deps: EnrichAlarmDeps) {
  for (const metric of facts.metrics) {
    const detection = detectionForMetric(deps.catalog, metric.name, metric.namespace, deps.mapping);
    if (detection) return { detection, metric };
  }
  return undefined;
}

function windowOf(
  alert: Alert,
  facts: AlarmWindowFacts,
  periodSeconds: number | undefined,
  deps: EnrichAlarmDeps,
): Window {
  const changed = Date.parse(alert.lastSeen);
  const endTime = Number.isFinite(changed) ? changed : deps.now().getTime();
  const evaluated =
    periodSeconds !== undefined && facts.evaluationPeriods !== undefined
      ? periodSeconds * facts.evaluationPeriods * 1000
      : undefined;
  return { startTime: endTime - (evaluated ?? deps.lookbackMs ?? DEFAULT_LOOKBACK_MS), endTime };
}

function detectionLine(detection: Detection): string {
  return `Detection: ${detection.id} (${detection.control})`;
}

function withLines(alert: Alert, lines: readonly string[]): string {
  return [alert.description, ...lines].filter((line) => line !== '').join('\n');
}

interface Found {
  /** The latest MAX_EVIDENCE_RECORDS, oldest first. */
  readonly records: readonly CloudTrailRecord[];
  readonly total: number;
  readonly truncated: boolean;
}

async function findRecords(
  port: CloudTrailLogsPort,
  logGroupName: string,
  detection: Detection,
  window: Window,
): Promise<Found> {
  let records: CloudTrailRecord[] = [];
  let total = 0;
  let pages = 0;
  let nextToken: string | undefined;
  do {
    const page = await port.filterLogEvents({
      logGroupName,
      filterPattern: detection.filterPattern,
      ...window,
      ...(nextToken === undefined ? {} : { nextToken }),
    });
    pages += 1;
    total += page.events.length;
    records = [...records, ...page.events.map((e) => e.record)].slice(-MAX_EVIDENCE_RECORDS);
    nextToken = page.nextToken;
  } while (nextToken && pages < MAX_ENRICHMENT_PAGES);
  return { records, total, truncated: nextToken !== undefined };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function enriched(
  alert: Alert,
  detection: Detection,
  found: Found,
  logGroupName: string,
  window: Window,
): Alert {
  const span = `in ${logGroupName} between ${iso(window.startTime)} and ${iso(window.endTime)}`;
  const latest = found.records.at(-1);
  if (latest === undefined) {
    return {
      ...alert,
      description: withLines(alert, [
        detectionLine(detection),
        `No matching CloudTrail events found ${span}.`,
      ]),
    };
  }
  const actor = cloudTrailActor(latest);
  const resource = cloudTrailResource(latest);
  // The account itself is the resource of last resort: the alarm is more specific than that.
  const named = !(resource.type === 'AWSAccount' && resource.arn === undefined);
  const count = `${found.total}${found.truncated ? '+' : ''} matching CloudTrail event${found.total === 1 ? '' : 's'} ${span}`;
  const who = [
    `Latest: ${latest.eventName} by ${actor.principal ?? 'an unknown caller'}`,
    actor.sourceIp ? ` from ${actor.sourceIp}` : '',
    named ? ` on ${resource.type} ${resource.id}` : '',
  ].join('');
  return {
    ...alert,
    description: withLines(alert, [detectionLine(detection), `${count}.`, who]),
    actor,
    ...(named ? { resource } : {}),
    evidence: trimEvidence(found.records),
  };
}

/**
 * The alarm alert with the CloudTrail events behind it. Unchanged when the alert is not an
 * ALARM of a CloudWatch alarm whose metric maps to a detection.
 */
export async function enrichAlarmAlert(alert: Alert, deps: EnrichAlarmDeps): Promise<Alert> {
  if (alert.source !== 'cloudwatch-alarm' || alert.alarmState !== 'ALARM') return alert;
  const facts = alarmWindowFacts(alert.raw);
  const match = facts && detectionFor(facts, deps);
  if (!facts || !match) return alert;
  const { detection, metric } = match;
  const { accountId, region } = alert;
  const logGroupName = deps.logGroupFor(accountId, region);
  if (logGroupName === undefined) {
    return {
      ...alert,
      description: withLines(alert, [
        detectionLine(detection),
        `CloudTrail evidence unavailable: no log group configured for ${accountId}/${region} (alarmMode.logGroups).`,
      ]),
    };
  }
  const window = windowOf(alert, facts, metric.periodSeconds, deps);
  try {
    const port = withRateBudget(deps.portFor(accountId, region), deps.budget, { accountId, region });
    const found = await findRecords(port, logGroupName, detection, window);
    return enriched(alert, detection, found, logGroupName, window);
  } catch (error) {
    deps.logger.warn(
      { err: error, alarm: alert.type, detectionId: detection.id, accountId, region, logGroupName },
      'Alarm enrichment failed; the alert goes on without CloudTrail evidence',
    );
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ...alert,
      description: withLines(alert, [detectionLine(detection), `CloudTrail evidence unavailable: ${reason}`]),
    };
  }
}
