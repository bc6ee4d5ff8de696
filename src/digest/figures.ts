import { ALERT_SOURCES, type AlertSource, SEVERITY_LABELS, type SeverityLabel } from '../alerts/alert.js';
import type { IncidentHistoryRecord, MuteRuleSummary } from '../incidents/history.js';
import { addDays, localDateFormatter } from './calendar.js';
import {
  type CountChange,
  countChange,
  type DurationStats,
  durationStats,
  type TopList,
  topCounts,
} from './stats.js';

/**
 * The weekly digest's numbers, computed from history records alone: pure and deterministic
 * (same records, `now` and time zone → same figures).
 *
 * Windows: "this week" is the 7 × 24 h before `now`, "last week" the 7 × 24 h before that.
 * - Incident counts, escalations, runbook share and the noisiest lists are over incidents
 *   *opened* in the window.
 * - MTTA and MTTR are over incidents *acknowledged* (resp. *resolved*) in the window, measured
 *   from `openedAt`. Counting by the response time, not the open time, means every
 *   acknowledgement is counted in exactly one weekly digest, slow ones included.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;
const MINUTE_MS = 60 * 1000;

export interface DigestFiguresInput {
  records: readonly IncidentHistoryRecord[];
  muteRules: readonly MuteRuleSummary[];
  now: Date;
  /** IANA time zone for the per-day chart and date labels. */
  timeZone: string;
  /** Length of the noisiest lists. @defaultValue 5 */
  topN?: number;
}

export interface OpenIncidentSummary {
  incidentId: string;
  severityLabel: SeverityLabel;
  type: string;
  resourceKey: string;
  owner?: string;
  openedAt: string;
  ageMinutes: number;
}

export interface DailyCount {
  /** Local date `YYYY-MM-DD`. */
  date: string;
  counts: Record<SeverityLabel, number>;
}

export interface WeeklyMtta {
  /** Local date the 7-day window starts on. */
  weekStart: string;
  mtta: DurationStats;
}

export interface DigestFigures {
  generatedAt: string;
  timeZone: string;
  window: { start: string; end: string; previousStart: string };
  opened: {
    total: CountChange;
    bySeverity: Record<SeverityLabel, CountChange>;
    bySource: Record<AlertSource, CountChange>;
  };
  /** `previous` is the same figure over the 7 days before, for "the change from last week". */
  mtta: ResponseFigures;
  mttr: ResponseFigures;
  /** Sum of escalation levels of incidents opened in each window. */
  escalations: CountChange;
  /** Incidents opened this week and how many had a runbook written for their finding type. */
  runbooks: { withSpecific: number; total: number };
  noisiestTypes: TopList;
  noisiestResources: TopList;
  /** Unresolved and opened more than 7 days ago, oldest first. */
  staleOpen: OpenIncidentSummary[];
  /** Open criticals nobody has acknowledged, oldest first. */
  unacknowledgedCriticals: OpenIncidentSummary[];
  /** Mute rules that expire within the next 7 days, soonest first. */
  expiringMutes: MuteRuleSummary[];
  /** 28 local days, oldest first, ending today. */
  daily: DailyCount[];
  /** 4 rolling weeks, oldest first, ending now. */
  weeklyMtta: WeeklyMtta[];
}

export interface ResponseFigures {
  overall: DurationStats;
  bySeverity: Record<SeverityLabel, DurationStats>;
  previous: DurationStats;
}

interface Timed {
  record: IncidentHistoryRecord;
  opened: number;
  acked: number | undefined;
  resolved: number | undefined;
}

function emptyBySeverity<T>(make: () => T): Record<SeverityLabel, T> {
  return { low: make(), medium: make(), high: make(), critical: make() };
}

function minutesBetween(from: number, to: number): number {
  // A clock skew between hosts must not produce a negative response time.
  return Math.max(0, to - from) / MINUTE_MS;
}

function within(instant: number | undefined, start: number, end: number): instant is number {
  return instant !== undefined && instant >= start && instant < end;
}

function responseStats(timed: readonly Timed[], key: 'acked' | 'resolved', start: number, end: number) {
  const all: number[] = [];
  const bySeverity = emptyBySeverity<number[]>(() => []);
  for (const t of timed) {
    const at = t[key];
    if (!within(at, start, end)) continue;
    const minutes = minutesBetween(t.opened, at);
    all.push(minutes);
    bySeverity[t.record.severityLabel].push(minutes);
  }
  return {
    overall: durationStats(all),
    bySeverity: {
      low: durationStats(bySeverity.low),
      medium: durationStats(bySeverity.medium),
      high: durationStats(bySeverity.high),
      critical: durationStats(bySeverity.critical),
    },
  };
}

function openSummary(t: Timed, now: number): OpenIncidentSummary {
  const r = t.record;
  return {
    incidentId: r.incidentId,
    severityLabel: r.severityLabel,
    type: r.type,
    resourceKey: r.resourceKey,
    ...(r.owner ? { owner: r.owner } : {}),
    openedAt: r.openedAt,
    ageMinutes: Math.floor(minutesBetween(t.opened, now)),
  };
}

function byOpenedThenId(a: Timed, b: Timed): number {
  return a.opened - b.opened || (a.record.incidentId < b.record.incidentId ? -1 : 1);
}

export function computeDigestFigures(input: DigestFiguresInput): DigestFigures {
  const now = input.now.getTime();
  const localDate = localDateFormatter(input.timeZone);
  const start = now - WEEK_MS;
  const previousStart = start - WEEK_MS;
  const timed: Timed[] = input.records
    .map((record) => ({
      record,
      opened: Date.parse(record.openedAt),
      acked: record.acknowledgedAt ? Date.parse(record.acknowledgedAt) : undefined,
      resolved: record.resolvedAt ? Date.parse(record.resolvedAt) : undefined,
    }))
    .filter((t) => t.opened <= now);

  const current = timed.filter((t) => within(t.opened, start, now));
  const previous = timed.filter((t) => within(t.opened, previousStart, start));
  const countWhere = (list: readonly Timed[], keep: (r: IncidentHistoryRecord) => boolean) =>
    list.filter((t) => keep(t.record)).length;
  const sumEscalations = (list: readonly Timed[]) => list.reduce((sum, t) => sum + t.record.escalations, 0);

  const bySeverity = emptyBySeverity(() => countChange(0, 0));
  for (const s of SEVERITY_LABELS) {
    bySeverity[s] = countChange(
      countWhere(current, (r) => r.severityLabel === s),
      countWhere(previous, (r) => r.severityLabel === s),
    );
  }
  const bySource = Object.fromEntries(
    ALERT_SOURCES.map((src) => [
      src,
      countChange(
        countWhere(current, (r) => r.source === src),
        countWhere(previous, (r) => r.source === src),
      ),
    ]),
  ) as Record<AlertSource, CountChange>;

  const isOpen = (t: Timed) => t.resolved === undefined || t.resolved > now;
  const staleOpen = timed.filter((t) => isOpen(t) && t.opened <= start).sort(byOpenedThenId);
  const unackedCriticals = timed
    .filter(
      (t) => isOpen(t) && t.record.severityLabel === 'critical' && (t.acked === undefined || t.acked > now),
    )
    .sort(byOpenedThenId);

  const expiresAt = (rule: MuteRuleSummary) => (rule.expiresAt ? Date.parse(rule.expiresAt) : Number.NaN);
  // Expiring in (now, now + 7 days]: a rule that already expired no longer mutes anything.
  const expiringMutes = input.muteRules
    .filter((rule) => expiresAt(rule) > now && expiresAt(rule) <= now + WEEK_MS)
    .sort((a, b) => expiresAt(a) - expiresAt(b) || (a.id < b.id ? -1 : 1));

  return {
    generatedAt: new Date(now).toISOString(),
    timeZone: input.timeZone,
    window: {
      start: new Date(start).toISOString(),
      end: new Date(now).toISOString(),
      previousStart: new Date(previousStart).toISOString(),
    },
    opened: { total: countChange(current.length, previous.length), bySeverity, bySource },
    mtta: {
      ...responseStats(timed, 'acked', start, now),
      previous: responseStats(timed, 'acked', previousStart, start).overall,
    },
    mttr: {
      ...responseStats(timed, 'resolved', start, now),
      previous: responseStats(timed, 'resolved', previousStart, start).overall,
    },
    escalations: countChange(sumEscalations(current), sumEscalations(previous)),
    runbooks: { withSpecific: countWhere(current, (r) => r.hadSpecificRunbook), total: current.length },
    noisiestTypes: topCounts(
      current.map((t) => t.record.type),
      input.topN ?? 5,
    ),
    noisiestResources: topCounts(
      current.map((t) => t.record.resourceKey),
      input.topN ?? 5,
    ),
    staleOpen: staleOpen.map((t) => openSummary(t, now)),
    unacknowledgedCriticals: unackedCriticals.map((t) => openSummary(t, now)),
    expiringMutes,
    daily: dailyCounts(timed, localDate(new Date(now)), localDate),
    weeklyMtta: [3, 2, 1, 0].map((weeksAgo) => {
      const weekEnd = now - weeksAgo * WEEK_MS;
      const weekStart = weekEnd - WEEK_MS;
      return {
        weekStart: localDate(new Date(weekStart)),
        mtta: responseStats(timed, 'acked', weekStart, weekEnd).overall,
      };
    }),
  };
}

function dailyCounts(timed: readonly Timed[], today: string, localDate: (d: Date) => string): DailyCount[] {
  const days = Array.from({ length: 28 }, (_, i) => addDays(today, i - 27));
  const index = new Map(days.map((date, i) => [date, i]));
  const daily: DailyCount[] = days.map((date) => ({ date, counts: emptyBySeverity(() => 0) }));
  // Only the last 29 × 24 h can fall on one of the 28 local days; skip the rest before formatting.
  const earliest = Date.parse(`${days[0]}T00:00:00Z`) - DAY_MS;
  for (const t of timed) {
    if (t.opened < earliest) continue;
    const i = index.get(localDate(new Date(t.opened)));
    const day = i === undefined ? undefined : daily[i];
    if (day) day.counts[t.record.severityLabel] += 1;
  }
  return daily;
}
