import type { Alert } from '../alerts/alert.js';
import { actorKey } from '../alerts/cloudtrail/actor.js';

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

/**
 * Which alerts join one incident while its group window lasts:
 * - CloudTrail detections: same account, same actor, same detection. What one caller does to
 *   many resources is one story (one principal denied on 30 instances is one incident with 30
 *   targets, not 30 incidents); another caller is another story.
 * - everything else: same account, same resource, same finding family.
 */
export function groupKeyOf(
  alert: Pick<Alert, 'source' | 'type' | 'accountId' | 'resource' | 'actor'>,
): string {
  if (alert.source === 'cloudtrail-detection') {
    return [alert.source, alert.accountId, 'actor', actorKey(alert.actor ?? {}), alert.type].join('|');
  }
  return [alert.source, alert.accountId, alert.resource.type, alert.resource.id, findingFamily(alert)].join(
    '|',
  );
}

/**
 * How long a group stays open after its last alert: the detection window (config
 * `detectionGrouping.windowMinutes`, default 15) for CloudTrail detections, which group by actor
 * across resources, and `incidents.groupWindowMinutes` for the rest.
 */
export function groupWindowMs(
  alert: Pick<Alert, 'source'>,
  windows: { readonly groupWindowMinutes: number; readonly detectionWindowMinutes: number },
): number {
  const minutes =
    alert.source === 'cloudtrail-detection' ? windows.detectionWindowMinutes : windows.groupWindowMinutes;
  return minutes * 60_000;
}
