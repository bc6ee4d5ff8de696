import type { AlertSource } from '../../alerts/alert.js';
import { type CompiledGlob, compileGlob } from './glob.js';
import type { Runbook } from './schema.js';

/**
 * Picks the runbook for an alert. The most specific match wins:
 *   exact type  >  glob with the longer literal prefix  >  source-level  >  generic fallback,
 * and equal matches are settled by runbook id so the choice never depends on file order.
 * GuardDuty patterns apply to GuardDuty alerts, detection ids to CloudTrail detections and
 * alarm names to CloudWatch alarms; `type` holds the finding type, detection id or alarm name.
 */

export interface MatchSubject {
  readonly source: AlertSource;
  readonly type: string;
}

const TIER = { fallback: 1, source: 2, glob: 3, exact: 4 } as const;

export interface MatchRank {
  readonly tier: number;
  readonly literalPrefix: number;
  readonly literalChars: number;
  /** Human-readable: which rule matched (`guardDutyTypes "UnauthorizedAccess:IAMUser/*"`). */
  readonly reason: string;
}

const LIST_FOR_SOURCE = {
  guardduty: 'guardDutyTypes',
  'cloudtrail-detection': 'detectionIds',
  'cloudwatch-alarm': 'alarmNames',
} as const satisfies Record<AlertSource, string>;

const compiled = new WeakMap<Runbook, Map<string, CompiledGlob[]>>();

function globsOf(runbook: Runbook, list: (typeof LIST_FOR_SOURCE)[AlertSource]): CompiledGlob[] {
  let byList = compiled.get(runbook);
  if (!byList) {
    byList = new Map();
    compiled.set(runbook, byList);
  }
  let globs = byList.get(list);
  if (!globs) {
    globs = (runbook.match[list] ?? []).map(compileGlob);
    byList.set(list, globs);
  }
  return globs;
}

function compareRanks(a: MatchRank, b: MatchRank): number {
  return a.tier - b.tier || a.literalPrefix - b.literalPrefix || a.literalChars - b.literalChars;
}

/** How well one runbook matches, or undefined when it does not. */
export function rankRunbook(runbook: Runbook, subject: MatchSubject): MatchRank | undefined {
  const list = LIST_FOR_SOURCE[subject.source];
  let best: MatchRank | undefined;
  for (const glob of globsOf(runbook, list)) {
    if (!glob.test(subject.type)) continue;
    const rank: MatchRank = {
      tier: glob.exact ? TIER.exact : TIER.glob,
      literalPrefix: glob.literalPrefix,
      literalChars: glob.literalChars,
      reason: `${list} "${glob.pattern}"`,
    };
    if (!best || compareRanks(rank, best) > 0) best = rank;
  }
  if (best) return best;
  if (runbook.match.sources?.includes(subject.source)) {
    return { tier: TIER.source, literalPrefix: 0, literalChars: 0, reason: `sources "${subject.source}"` };
  }
  if (runbook.match.fallback)
    return { tier: TIER.fallback, literalPrefix: 0, literalChars: 0, reason: 'fallback' };
  return undefined;
}

export interface RunbookChoice {
  readonly runbook: Runbook;
  readonly rank: MatchRank;
}

export function chooseRunbook(
  runbooks: readonly Runbook[],
  subject: MatchSubject,
): RunbookChoice | undefined {
  let best: RunbookChoice | undefined;
  for (const runbook of runbooks) {
    const rank = rankRunbook(runbook, subject);
    if (!rank) continue;
    const order = best ? compareRanks(rank, best.rank) : 1;
    if (order > 0 || (order === 0 && best && runbook.id < best.runbook.id)) best = { runbook, rank };
  }
  return best;
}

/** The runbook for an alert (or incident); undefined only when no runbook matches, not even a fallback. */
export function selectRunbook(runbooks: readonly Runbook[], subject: MatchSubject): Runbook | undefined {
  return chooseRunbook(runbooks, subject)?.runbook;
}
