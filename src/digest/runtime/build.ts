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
  const covered = coveredAccounts(accounts, records);
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
      // A review of an account the digest does not cover would name that account in its figures.
      reviews = (await input.accessReviews(scope.accounts)).filter(
        (r) => !r.accountId || covered.some((a) => a.id === r.accountId),
      );
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
  return {
    figures,
    scorecard,
    chart,
    options: {
      title: `${config.sampleData ? '[SAMPLE] ' : ''}${scope.title ?? 'Weekly security digest'}`,
      scopeLabel: scopeLabel(covered),
      chart: chart ? 'attached' : 'unavailable',
    },
  };
}

interface CoveredAccount {
  readonly id: string;
  readonly alias?: string;
}

/**
 * The accounts the digest covers, so every account it names is one it covers: the configured
 * accounts in scope, then any other account its incidents came from (a GuardDuty member account
 * not configured for posture, say), in the order first seen.
 */
export function coveredAccounts(
  configured: readonly { readonly id: string; readonly alias?: string | undefined }[],
  records: readonly { readonly accountId: string }[],
): CoveredAccount[] {
  const covered: CoveredAccount[] = configured.map((a) => ({
    id: a.id,
    ...(a.alias ? { alias: a.alias } : {}),
  }));
  const known = new Set(covered.map((a) => a.id));
  for (const { accountId } of records) {
    if (!accountId || known.has(accountId)) continue;
    known.add(accountId);
    covered.push({ id: accountId });
  }
  return covered;
}

const NAMED_ACCOUNTS = 4;

/** "2 accounts: prod (111122223333), 444455556666"; more than four end with "and N more". */
export function scopeLabel(covered: readonly CoveredAccount[]): string {
  if (covered.length === 0) return 'No AWS account configured or seen yet';
  // An alias that already ends in parentheses ("sandbox (SAMPLE DATA)") gets the id without more.
  const name = (a: CoveredAccount) =>
    !a.alias ? a.id : a.alias.endsWith(')') ? `${a.alias} ${a.id}` : `${a.alias} (${a.id})`;
  const names = covered.slice(0, NAMED_ACCOUNTS).map(name);
  const more = covered.length - NAMED_ACCOUNTS;
  return `${covered.length} account${covered.length === 1 ? '' : 's'}: ${names.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
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
