import { collectPostureSnapshot, type PosturePort, type PostureSnapshot } from '../../aws/posture/port.js';
import type { Config } from '../../config/schema.js';
import { renderDigestChart } from '../chart.js';
import { computeDigestFigures, type DigestFigures } from '../figures.js';
import type { DigestMessageOptions } from '../message.js';
import { buildScorecard, type DetectionCoverage, type Scorecard } from '../scorecard.js';
import type { DigestSchedule } from './config.js';
import type { DigestHistorySource } from './source.js';

export interface BuiltDigest {
  readonly figures: DigestFigures;
  readonly scorecard: Scorecard;
  readonly options: DigestMessageOptions;
  /** The PNG, or undefined when it could not be drawn (the figures then go into the text). */
  readonly chart: Buffer | undefined;
}

export interface BuildDigestInput {
  readonly config: Readonly<Config>;
  readonly history: DigestHistorySource;
  readonly now: Date;
  readonly scope: Pick<DigestSchedule, 'accounts' | 'timeZone' | 'title'>;
  /** The posture port of an account; absent (previews, CLI) means posture is not read now. */
  readonly posturePortFor?: (accountId: string) => PosturePort;
  readonly detectionIds: readonly string[];
  readonly onChartError?: (error: unknown) => void;
}

const WEEK_MS = 7 * 24 * 3600_000;
const notRead = (reason: string) => ({ couldNotCheck: true as const, reason });

/**
 * Gathers everything one digest shows: response figures from the incident history in scope, the
 * scorecard (posture per account when a port is given; checks that cannot run say so and are
 * never good), and the chart.
 */
export async function buildDigest(input: BuildDigestInput): Promise<BuiltDigest> {
  const { config, now, scope } = input;
  const inScope = (accountId: string) => !scope.accounts || scope.accounts.includes(accountId);
  const accounts = config.aws.accounts.filter((a) => inScope(a.id));
  const records = (
    await input.history.records(new Date(now.getTime() - config.digest.retentionWeeks * WEEK_MS), now)
  ).filter((r) => inScope(r.accountId));
  const muteRules = await input.history.muteRules(now);
  const figures = computeDigestFigures({ records, muteRules, now, timeZone: scope.timeZone });

  const posture: PostureSnapshot[] = input.posturePortFor
    ? await Promise.all(
        accounts.map((a) =>
          collectPostureSnapshot((input.posturePortFor as (id: string) => PosturePort)(a.id), a.regions),
        ),
      )
    : [];
  const weekAgo = now.getTime() - WEEK_MS;
  const recent = records.filter((r) => Date.parse(r.openedAt) >= weekAgo || !r.resolvedAt);
  const scorecard = buildScorecard({
    now,
    accessReviews: notRead('No access-review history is kept yet: run /access-review to start one.'),
    posture,
    detections: detectionCoverage(config, input.detectionIds),
    figures,
    mttaTargets: config.digest.mttaTargetsMinutes,
    ownership: {
      resources: { withOwner: recent.filter((r) => r.owner).length, total: recent.length },
      principals: notRead('IAM principals are counted by access reviews, which have not run.'),
    },
  });

  let chart: Buffer | undefined;
  try {
    chart = renderDigestChart(
      { daily: figures.daily, weeklyMtta: figures.weeklyMtta },
      { title: 'Incidents per day and MTTA per week', sampleData: config.sampleData },
    );
  } catch (error) {
    input.onChartError?.(error);
  }
  const scopeLabel = accounts.length
    ? `${accounts.length} account${accounts.length === 1 ? '' : 's'}: ${accounts.map((a) => a.alias ?? a.id).join(', ')}`
    : 'all accounts';
  return {
    figures,
    scorecard,
    chart,
    options: {
      title: `${config.sampleData ? '[SAMPLE] ' : ''}${scope.title ?? 'Weekly security digest'}`,
      scopeLabel,
      ...(chart ? {} : { chartUploadFailed: true }),
    },
  };
}

/** Which CIS detections are wired: every one in poll mode; those with a mapped alarm in alarm mode. */
function detectionCoverage(config: Readonly<Config>, detectionIds: readonly string[]): DetectionCoverage {
  if (config.logWatch.enabled && config.logWatch.logGroups.length)
    return { wired: detectionIds, mode: 'poll' };
  if (config.alarmMode.logGroups.length)
    return { wired: [...new Set(Object.values(config.alarmMode.metricMapping))], mode: 'alarm' };
  return { wired: [], mode: 'none' };
}
