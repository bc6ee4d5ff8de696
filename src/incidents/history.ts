import { z } from 'zod';
import { ALERT_SOURCES, SEVERITY_LABELS } from '../alerts/alert.js';
import { InputError, type Problem } from '../platform/errors.js';
import type { Incident } from './incident.js';

/**
 * What the weekly digest keeps per incident, and per mute rule. Incidents themselves may be
 * archived or trimmed long before the digest stops needing them, so the digest keeps this small
 * record for at least `HISTORY_RETENTION_WEEKS` (week-over-week figures need 2 weeks, the chart
 * 4, and trends a quarter).
 */

/** 13 weeks: a quarter, so the chart's 4 weeks and any quarter-on-quarter view always have data. */
export const HISTORY_RETENTION_WEEKS = 13;

const isoInstant = z.iso.datetime({
  offset: true,
  error: 'expected an ISO-8601 date-time like 2025-03-04T09:30:00Z',
});

export const incidentHistoryRecordSchema = z.object({
  incidentId: z.string().min(1),
  severityLabel: z.enum(SEVERITY_LABELS),
  source: z.enum(ALERT_SOURCES),
  /** GuardDuty finding type, alarm name or detection id. */
  type: z.string(),
  /** `resourceType/resourceId`, see `resourceKeyOf`. */
  resourceKey: z.string(),
  accountId: z.string(),
  /** Owning team, when ownership was resolved. */
  owner: z.string().optional(),
  openedAt: isoInstant,
  acknowledgedAt: isoInstant.optional(),
  resolvedAt: isoInstant.optional(),
  escalations: z.number().int().min(0),
  /** False when the incident fell back to the generic runbook. */
  hadSpecificRunbook: z.boolean(),
});
export type IncidentHistoryRecord = z.infer<typeof incidentHistoryRecordSchema>;

export const muteRuleSummarySchema = z.object({
  id: z.string().min(1),
  /** Finding type (or glob) the rule mutes. */
  type: z.string(),
  /** Resource (or glob) the rule mutes. */
  resource: z.string(),
  /** A rule without an expiry never shows up as "expiring soon". */
  expiresAt: isoInstant.optional(),
});
export type MuteRuleSummary = z.infer<typeof muteRuleSummarySchema>;

/** One key per resource, the same for every source, so "noisiest resources" groups correctly. */
export function resourceKeyOf(resource: Incident['resource']): string {
  return `${resource.type}/${resource.id}`;
}

/**
 * The history record for an incident as it stands now. Call it on every transition and overwrite
 * the stored record: the last write carries the acknowledgement and resolution times.
 */
export function historyRecordFromIncident(
  incident: Incident,
  isSpecificRunbook: (runbookId: string) => boolean,
): IncidentHistoryRecord {
  return {
    incidentId: incident.id,
    severityLabel: incident.severityLabel,
    source: incident.source,
    type: incident.type,
    resourceKey: resourceKeyOf(incident.resource),
    accountId: incident.accountId,
    ...(incident.owner ? { owner: incident.owner.team } : {}),
    openedAt: incident.openedAt,
    ...(incident.acknowledgedAt ? { acknowledgedAt: incident.acknowledgedAt } : {}),
    ...(incident.resolvedAt ? { resolvedAt: incident.resolvedAt } : {}),
    escalations: incident.escalationLevel,
    hadSpecificRunbook: isSpecificRunbook(incident.runbookId),
  };
}

function problemsOf(error: z.ZodError): Problem[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message }));
}

/** Parses a stored record (JSON from Redis); a bad record names the field that is wrong. */
export function parseIncidentHistoryRecord(input: unknown): IncidentHistoryRecord {
  const parsed = incidentHistoryRecordSchema.safeParse(input);
  if (!parsed.success) throw new InputError('Invalid incident history record', problemsOf(parsed.error));
  return parsed.data;
}

export function parseMuteRuleSummary(input: unknown): MuteRuleSummary {
  const parsed = muteRuleSummarySchema.safeParse(input);
  if (!parsed.success) throw new InputError('Invalid mute rule', problemsOf(parsed.error));
  return parsed.data;
}
