import type { AlertSource } from '../../alerts/alert.js';
import { conditionCount, conditionsHold, describeConditions } from './conditions.js';
import { type CompiledGlob, compileGlob } from './glob.js';
import type { Runbook } from './schema.js';
import { profileOf } from './subject-profile.js';
import { isTemplateVariable, readVariable, type TemplateSubject } from './template-variables.js';

/**
 * Picks the runbook for an alert. The most specific match wins:
 *   exact type  >  glob with the longer literal prefix  >  source-level  >  generic fallback,
 * and equal matches are settled by runbook id so the choice never depends on file order.
 * GuardDuty patterns apply to GuardDuty alerts, detection ids to CloudTrail detections and
 * alarm names to CloudWatch alarms; `type` holds the finding type, detection id or alarm name.
 * A runbook's `match.when` narrows it to alerts of a resource kind, role or principal (malware in
 * an AMI is not malware on an instance; the target of brute force is not its source); at the
 * same level, a runbook with more conditions wins. Pass the whole alert: with only source and
 * type, conditions that need the resource or actor cannot hold.
 */

export type MatchSubject = { readonly source: AlertSource; readonly type: string } & Partial<
  Omit<TemplateSubject, 'source' | 'type'>
>;

const TIER = { fallback: 1, source: 2, glob: 3, exact: 4 } as const;

export interface MatchRank {
  readonly tier: number;
  /** How many `match.when` conditions the runbook sets (all of them hold). */
  readonly conditions: number;
  readonly literalPrefix: number;
  readonly literalChars: number;
  /** Human-readable: which rule matched (`guardDutyTypes "UnauthorizedAccess:IAMUser/*"`). */
  readonly reason: string;
}

type MatchList = 'guardDutyTypes' | 'detectionIds' | 'alarmNames';

/** Sources without a pattern list (Security Hub, Config) match by `sources` or the fallback. */
const LIST_FOR_SOURCE: Readonly<Partial<Record<AlertSource, MatchList>>> = {
  guardduty: 'guardDutyTypes',
  'cloudtrail-detection': 'detectionIds',
  'cloudwatch-alarm': 'alarmNames',
};

const compiled = new WeakMap<Runbook, Map<string, CompiledGlob[]>>();

function globsOf(runbook: Runbook, list: MatchList | undefined): CompiledGlob[] {
  if (list === undefined) return [];
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
  return (
    a.tier - b.tier ||
    a.conditions - b.conditions ||
    a.literalPrefix - b.literalPrefix ||
    a.literalChars - b.literalChars
  );
}

/** The subject as templates read it: absent fields read as missing values. */
function templateSubject(subject: MatchSubject): TemplateSubject {
  return {
    title: '',
    severityLabel: '',
    region: '',
    accountId: '',
    ...subject,
    resource: subject.resource ?? { id: '', type: '' },
  };
}

function whenHolds(runbook: Runbook, subject: MatchSubject): boolean {
  const when = runbook.match.when;
  if (when === undefined) return true;
  const full = templateSubject(subject);
  const profile = profileOf(full);
  const has = (name: string) => isTemplateVariable(name) && readVariable(full, name, profile) !== undefined;
  return conditionsHold(when, profile, has);
}

/** How well one runbook matches, or undefined when it does not. */
export function rankRunbook(runbook: Runbook, subject: MatchSubject): MatchRank | undefined {
  const rank = rankByPatterns(runbook, subject);
  if (!rank || !whenHolds(runbook, subject)) return undefined;
  const when = describeConditions(runbook.match.when);
  return when === '' ? rank : { ...rank, reason: `${rank.reason} when ${when}` };
}

function rankByPatterns(runbook: Runbook, subject: MatchSubject): MatchRank | undefined {
  const conditions = conditionCount(runbook.match.when);
  const list = LIST_FOR_SOURCE[subject.source];
  let best: MatchRank | undefined;
  for (const glob of globsOf(runbook, list)) {
    if (!glob.test(subject.type)) continue;
    const rank: MatchRank = {
      conditions,
      tier: glob.exact ? TIER.exact : TIER.glob,
      literalPrefix: glob.literalPrefix,
      literalChars: glob.literalChars,
      reason: `${list} "${glob.pattern}"`,
    };
    if (!best || compareRanks(rank, best) > 0) best = rank;
  }
  if (best) return best;
  if (runbook.match.sources?.includes(subject.source)) {
    return {
      tier: TIER.source,
      conditions,
      literalPrefix: 0,
      literalChars: 0,
      reason: `sources "${subject.source}"`,
    };
  }
  if (runbook.match.fallback)
    return { tier: TIER.fallback, conditions, literalPrefix: 0, literalChars: 0, reason: 'fallback' };
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
