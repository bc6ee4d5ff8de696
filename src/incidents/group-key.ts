import type { Alert } from '../alerts/alert.js';

/**
 * The finding family alerts are grouped by: for GuardDuty `ThreatPurpose:ResourceType` from the
 * type (`UnauthorizedAccess:IAMUser/MaliciousIPCaller` -> `UnauthorizedAccess:IAMUser`), for
 * detections the detection id, for alarms the alarm name.
 */
export function findingFamily(alert: Pick<Alert, 'source' | 'type'>): string {
  if (alert.source !== 'guardduty') return alert.type;
  const slash = alert.type.indexOf('/');
  return slash > 0 ? alert.type.slice(0, slash) : alert.type;
}

/** Same account, same resource, same finding family: one incident while the group window lasts. */
export function groupKeyOf(alert: Pick<Alert, 'source' | 'type' | 'accountId' | 'resource'>): string {
  return [alert.source, alert.accountId, alert.resource.type, alert.resource.id, findingFamily(alert)].join(
    '|',
  );
}
