import type { IncidentHistoryRecord } from '../../src/incidents/history.js';

/** A history record with sensible defaults; times are ISO strings, minutes are offsets from openedAt. */
export function record(
  incidentId: string,
  openedAt: string,
  options: Partial<Omit<IncidentHistoryRecord, 'incidentId' | 'openedAt'>> & {
    ackAfter?: number;
    resolveAfter?: number;
  } = {},
): IncidentHistoryRecord {
  const { ackAfter, resolveAfter, ...rest } = options;
  const opened = Date.parse(openedAt);
  const at = (minutes: number) => new Date(opened + minutes * 60_000).toISOString();
  return {
    incidentId,
    severityLabel: 'medium',
    source: 'guardduty',
    type: 'Recon:EC2/PortProbeUnprotectedPort',
    resourceKey: 'Instance/i-1',
    accountId: '310987654322',
    escalations: 0,
    hadSpecificRunbook: true,
    openedAt,
    ...(ackAfter === undefined ? {} : { acknowledgedAt: at(ackAfter) }),
    ...(resolveAfter === undefined ? {} : { resolvedAt: at(resolveAfter) }),
    ...rest,
  };
}
