import { collectPostureSnapshot, type PosturePort, type PostureSnapshot } from '../../aws/posture/port.js';
import type { ReviewHeadline } from '../../iam/review/report-store.js';
import type { DigestSchedule } from '../../platform/config/digest.js';
import type { Config } from '../../platform/config/schema.js';
import { renderDigestChart } from '../chart.js';
import { computeDigestFigures, type DigestFigures } from '../figures.js';
import type { DigestMessageOptions } from '../message.js';
import { buildScorecard, type DetectionCoverage, type Scorecard } from '../scorecard.js';
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
  readonly onReviewsError?: (error: unknown) => void;
  /** Whole-account access-review headlines, latest first (src/access-review/report-store.ts). */
  readonly accessReviews?: (accountIds: readonly string[] | undefined) => Promise<readonly ReviewHeadline[]>;
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
  let reviews: readonly ReviewHeadline[] | undefined;
  let reviewsUnread = 'Access-review history is not read in this view.';
  if (input.accessReviews) {
    try {
      reviews = await input.accessReviews(scope.accounts);
    } catch (error) {
      input.onReviewsError?.(error);
      reviewsUnread = 'Access-review history could not be read.';
    }
  }
  const scorecard = buildScorecard({
    now,
    accessReviews: reviews ?? notRead(reviewsUnread),
    posture,
    detections: detectionCoverage(config, input.detectionIds),
    figures,
    mttaTargets: config.digest.mttaTargetsMinutes,
    ownership: {
      resources: { withOwner: recent.filter((r) => r.owner).length, total: recent.length },
      principals: reviews ? principalOwnership(reviews) : notRead(reviewsUnread),
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

/** Owned principals from each account's latest whole-account review that counted them. */
function principalOwnership(reviews: readonly ReviewHeadline[]) {
  const latest = new Map<string, { withOwner: number; total: number }>();
  for (const review of reviews) {
    const key = review.accountId ?? '';
    if (review.owners && !latest.has(key)) latest.set(key, review.owners);
  }
  if (latest.size === 0)
    return notRead('IAM principals are counted by access reviews: run /access-review to count them.');
  let withOwner = 0;
  let total = 0;
  for (const count of latest.values()) {
    withOwner += count.withOwner;
    total += count.total;
  }
  return { withOwner, total };
}
