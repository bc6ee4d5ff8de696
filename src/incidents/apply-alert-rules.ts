import type { Alert } from '../alerts/alert.js';
import type { IncidentsConfig } from '../platform/config/incidents.js';
import type { Incident } from './incident.js';
import { countAlert, emptyMeta, hasSeen, type OccurrenceMeta, occurrencesOf } from './occurrences.js';
import type { ReopenNote } from './reopen-note.js';

/**
 * The pure half of `applyAlert`: given the incident an alert matched (if any) and the clock,
 * what the incident becomes. The Redis half (engine.ts) finds the match and commits.
 */

export type AlertChange = 'opened' | 'updated' | 'reopened' | 'recovered' | 'unchanged';

/** What a new incident needs that the alert does not say (chosen by the workflow). */
export interface OpenDefaults {
  readonly runbookId: string;
  readonly owner?: Incident['owner'];
  readonly accountAlias?: string;
  readonly sampleData?: boolean;
}

export type AlertDecision =
  | { readonly change: 'unchanged'; readonly incident?: Incident }
  | {
      readonly change: Exclude<AlertChange, 'unchanged'>;
      readonly incident: Incident;
      readonly meta: OccurrenceMeta;
    };

export function withinReopenWindow(incident: Incident, now: Date, config: IncidentsConfig): boolean {
  const resolvedAt = incident.resolvedAt ? Date.parse(incident.resolvedAt) : Number.NaN;
  return Number.isFinite(resolvedAt) && now.getTime() - resolvedAt <= config.reopenWindowHours * 3_600_000;
}

function details(alert: Alert): Partial<Incident> {
  return {
    type: alert.type,
    title: alert.title,
    description: alert.description,
    region: alert.region,
    resource: alert.resource,
    links: alert.links,
    ...(alert.actor ? { actor: alert.actor } : {}),
    ...(alert.facts ? { facts: alert.facts } : {}),
  };
}

function laterOf(a: string, b: string): string {
  return Date.parse(b) > Date.parse(a) ? b : a;
}

export function openIncident(
  id: string,
  alert: Alert,
  now: Date,
  defaults: OpenDefaults,
): { incident: Incident; meta: OccurrenceMeta } {
  const meta = countAlert(emptyMeta(), alert);
  const incident: Incident = {
    id,
    status: 'triggered',
    escalationLevel: 0,
    severity: alert.severity,
    severityLabel: alert.severityLabel,
    source: alert.source,
    type: alert.type,
    title: alert.title,
    description: alert.description,
    accountId: alert.accountId,
    region: alert.region,
    resource: alert.resource,
    links: alert.links,
    dedupeKeys: [alert.dedupeKey],
    runbookId: defaults.runbookId,
    runbookSteps: {},
    occurrences: occurrencesOf(meta),
    firstSeen: alert.firstSeen,
    lastSeen: alert.lastSeen,
    openedAt: now.toISOString(),
    reopenedCount: 0,
    version: 1,
    ...(alert.actor ? { actor: alert.actor } : {}),
    ...(defaults.owner ? { owner: defaults.owner } : {}),
    ...(defaults.accountAlias ? { accountAlias: defaults.accountAlias } : {}),
    ...(defaults.sampleData ? { sampleData: true } : {}),
    ...(alert.facts ? { facts: alert.facts } : {}),
    ...(alert.vendorSample ? { vendorSample: true } : {}),
  };
  return { incident, meta };
}

/** What recovered, in the words of the incident's source (an alarm, a Security Hub finding, a Config rule). */
export function recoverySummary(source: Incident['source']): string {
  if (source === 'cloudwatch-alarm') return 'The alarm returned to OK.';
  if (source === 'config') return 'The resource is compliant with the Config rule again.';
  if (source === 'securityhub' || source === 'guardduty')
    return 'Security Hub closed the finding (resolved, suppressed or archived).';
  return 'The source reported the problem gone.';
}

/** A recovery signal (an alarm's OK, a closed finding) on an open incident: mark it recovered (and resolve it when configured). */
export function recover(incident: Incident, now: Date, config: IncidentsConfig): Incident {
  const at = now.toISOString();
  const base: Incident = { ...incident, recoveredAt: at, version: incident.version + 1 };
  if (!config.resolveOnAlarmOk) return base;
  const { snoozedUntil: _s, ...rest } = base;
  return {
    ...rest,
    status: 'resolved',
    resolvedAt: at,
    resolvedBy: 'watchkeeper',
    resolution: { summary: recoverySummary(incident.source), rootCause: 'other' },
  };
}

/** A new occurrence on a matched incident: update it, or reopen it when it was resolved. */
export function occur(incident: Incident, meta: OccurrenceMeta, alert: Alert): AlertDecision {
  if (hasSeen(meta, alert)) return { change: 'unchanged', incident };
  const counted = countAlert(meta, alert);
  const reopen = incident.status === 'resolved';
  const updated: Incident = {
    ...incident,
    ...details(alert),
    severity: Math.max(incident.severity, alert.severity),
    severityLabel: alert.severity > incident.severity ? alert.severityLabel : incident.severityLabel,
    dedupeKeys: incident.dedupeKeys.includes(alert.dedupeKey)
      ? incident.dedupeKeys
      : [...incident.dedupeKeys, alert.dedupeKey],
    occurrences: occurrencesOf(counted),
    lastSeen: laterOf(incident.lastSeen, alert.lastSeen),
    version: incident.version + 1,
  };
  // A firing alarm after an OK is no longer recovered. (A reopen note, if any, is kept: a repeat
  // on a reopened incident does not change how it came back.)
  const { recoveredAt: _r, ...live } = updated;
  if (!reopen) return { change: 'updated', incident: live, meta: counted };
  const {
    acknowledgedAt: _a,
    acknowledgedBy: _b,
    resolvedAt: _c,
    resolvedBy: _d,
    resolution: _e,
    snoozedUntil: _f,
    ...open
  } = live;
  // The resolution this occurrence undoes, so the card can say who resolved it and how long ago.
  const note: ReopenNote = {
    seenAt: alert.lastSeen,
    ...(incident.resolvedAt ? { resolvedAt: incident.resolvedAt } : {}),
    ...(incident.resolvedBy ? { resolvedBy: incident.resolvedBy } : {}),
  };
  const reopened: Incident = {
    ...open,
    status: 'triggered',
    escalationLevel: 0,
    reopenedCount: incident.reopenedCount + 1,
    openedAt: incident.openedAt,
    reopened: note,
  };
  return { change: 'reopened', incident: reopened, meta: counted };
}

export function isOpen(incident: Incident): boolean {
  return incident.status !== 'resolved';
}

/** Nothing to add: a plain OK on a resolved or unknown incident. */
export const NOTHING: AlertDecision = { change: 'unchanged' };
