import { z } from 'zod';
import {
  ALERT_SOURCES,
  alertActorSchema,
  alertFactSchema,
  alertLinksSchema,
  alertResourceSchema,
  SEVERITY_LABELS,
} from '../alerts/alert.js';
import { InputError } from '../platform/errors.js';
import { zodProblems } from '../platform/zod-problems.js';
import { reopenNoteSchema } from './reopen-note.js';

/**
 * An incident is what responders act on: one or more alerts grouped by dedupe key or by
 * resource and finding family. It is stored in Redis as JSON and changed only by atomic
 * transitions (src/incidents/transitions).
 */

export const INCIDENT_STATUSES = ['triggered', 'acknowledged', 'snoozed', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const runbookStepStateSchema = z.object({
  checkedBy: z.string(),
  checkedAt: z.string(),
});

/** At most this many target ids are kept on an incident (its stored JSON stays small). */
export const MAX_INCIDENT_TARGETS = 20;
/** A longer target id is cut to this many characters before it is kept. */
export const MAX_TARGET_ID_CHARS = 64;

/**
 * The distinct resources an incident's alerts acted on (one caller denied on 30 instances: 30
 * targets), kept once there are two: the first `MAX_INCIDENT_TARGETS` ids in the order seen, and
 * how many distinct targets there were in all.
 */
export const incidentTargetsSchema = z.object({
  ids: z.array(z.string().min(1).max(MAX_TARGET_ID_CHARS)).min(1).max(MAX_INCIDENT_TARGETS),
  total: z.number().int().min(1),
});
export type IncidentTargets = z.infer<typeof incidentTargetsSchema>;

export const incidentSchema = z.object({
  /** Short, Slack-safe id: `INC-` + base36, no `:` (it is used in BullMQ job ids). */
  id: z.string(),
  status: z.enum(INCIDENT_STATUSES),
  /** 0 = not escalated; n = escalated n times. */
  escalationLevel: z.number().int().min(0),
  severity: z.number(),
  severityLabel: z.enum(SEVERITY_LABELS),
  source: z.enum(ALERT_SOURCES),
  type: z.string(),
  title: z.string(),
  description: z.string(),
  accountId: z.string(),
  accountAlias: z.string().optional(),
  region: z.string(),
  resource: alertResourceSchema,
  actor: alertActorSchema.optional(),
  links: alertLinksSchema,
  /** Every dedupe key grouped under this incident. */
  dedupeKeys: z.array(z.string()),
  owner: z
    .object({
      team: z.string(),
      source: z.string(),
      channel: z.string().optional(),
      userGroup: z.string().optional(),
    })
    .optional(),
  runbookId: z.string(),
  /** Step index (as a string) -> who ticked it and when. */
  runbookSteps: z.record(z.string(), runbookStepStateSchema),
  occurrences: z.number().int().min(1),
  firstSeen: z.string(),
  lastSeen: z.string(),
  openedAt: z.string(),
  acknowledgedAt: z.string().optional(),
  acknowledgedBy: z.string().optional(),
  assignee: z.string().optional(),
  snoozedUntil: z.string().optional(),
  resolvedAt: z.string().optional(),
  resolvedBy: z.string().optional(),
  resolution: z
    .object({ summary: z.string(), rootCause: z.string(), notes: z.string().optional() })
    .optional(),
  /** Set when an alarm reported OK while the incident was open. */
  recoveredAt: z.string().optional(),
  reopenedCount: z.number().int().min(0),
  /** The resolution a reopening undid (who resolved it, when), for the card's "Reopened" line. */
  reopened: reopenNoteSchema.optional(),
  /** Where the card lives, once posted (idempotent posting keys on this). */
  card: z.object({ channel: z.string(), ts: z.string() }).optional(),
  /** Bumped on every change; the outbox sends only the latest version. */
  version: z.number().int().min(1),
  sampleData: z.boolean().optional(),
  /** The alert's key facts (optional: incidents stored before facts existed have none). */
  facts: z.array(alertFactSchema).max(12).optional(),
  /** The vendor marked the finding as its own generated sample (GuardDuty "Generate sample findings"). */
  vendorSample: z.boolean().optional(),
  /** Targets across the incident's alerts (optional: absent until a second target, and on incidents stored before). */
  targets: incidentTargetsSchema.optional(),
});
export type Incident = z.infer<typeof incidentSchema>;

/**
 * A change would have stored an incident its own schema refuses. Nothing is written: an invalid
 * incident could not be read again, and every later alert of its group would fail with it.
 * It is permanent (an InputError): the same alert and state give the same result on a retry.
 */
export class InvalidIncidentError extends InputError {
  readonly incidentId: string;
  constructor(incidentId: string, error: z.ZodError) {
    super(
      `Incident ${incidentId} would be invalid after this change; nothing was stored`,
      zodProblems(error),
    );
    this.incidentId = incidentId;
  }
}

/** The incident as it may be stored, or InvalidIncidentError. */
export function validIncident(incident: Incident): Incident {
  const parsed = incidentSchema.safeParse(incident);
  if (!parsed.success) throw new InvalidIncidentError(incident.id, parsed.error);
  return incident;
}

/**
 * Reads a stored incident. Before counts saturated, an occurrence count could be stored past
 * Number.MAX_SAFE_INTEGER; it is clamped here so such an incident is readable (and heals on its
 * next write) instead of failing every alert of its group.
 */
export function parseStoredIncident(text: string): Incident {
  const raw: unknown = JSON.parse(text);
  if (typeof raw === 'object' && raw !== null && 'occurrences' in raw) {
    const { occurrences } = raw;
    if (typeof occurrences === 'number' && occurrences > Number.MAX_SAFE_INTEGER)
      return incidentSchema.parse({ ...raw, occurrences: Number.MAX_SAFE_INTEGER });
  }
  return incidentSchema.parse(raw);
}
