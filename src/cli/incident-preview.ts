import type { Alert } from '../alerts/alert.js';
import type { Incident } from '../incidents/incident.js';

/**
 * The incident a fresh alert would open, without Redis: what `watchkeeper card` renders. The
 * engine assigns real ids and state; this preview uses a fixed placeholder id.
 */
export function incidentPreviewFromAlert(alert: Alert, now: Date, runbookId: string): Incident {
  return {
    id: 'INC-PREVIEW',
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
    ...(alert.actor ? { actor: alert.actor } : {}),
    links: alert.links,
    dedupeKeys: [alert.dedupeKey],
    runbookId,
    runbookSteps: {},
    occurrences: alert.count,
    firstSeen: alert.firstSeen,
    lastSeen: alert.lastSeen,
    openedAt: now.toISOString(),
    reopenedCount: 0,
    version: 1,
  };
}
