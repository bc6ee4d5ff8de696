import type { CloudTrailRecord } from '../../aws/logs/cloudtrail-record.js';
import type { Alert } from '../alert.js';
import type { DetectionCatalog, DetectionRef } from '../detection-ref.js';
import { ignored, normalized, type Outcome } from '../result.js';
import { actorKey, cloudTrailActor } from './actor.js';
import { alertFromParsedRecords } from './detection.js';

/**
 * CloudTrail records that arrive without a detection (`watchkeeper alert`, replay, EventBridge):
 * each is matched against the catalog, and records one detection matched for the same actor
 * become one alert listing every resource they touched, as the incident engine groups them
 * (`groupKeyOf`: actor and detection, not resource).
 */
export function alertsFromUnmatchedRecords(
  records: readonly CloudTrailRecord[],
  raw: unknown,
  catalog: DetectionCatalog | undefined,
  receivedAt: Date,
): Outcome {
  if (catalog === undefined) {
    return ignored(
      'CloudTrail records become alerts only through a detection, and no detection catalog was given',
    );
  }
  const groups = new Map<string, { detection: DetectionRef; records: CloudTrailRecord[] }>();
  for (const record of records) {
    for (const detection of catalog.match(record)) {
      const key = [detection.id, actorKey(cloudTrailActor(record))].join('|');
      const group = groups.get(key);
      if (group) group.records.push(record);
      else groups.set(key, { detection, records: [record] });
    }
  }
  if (groups.size === 0) {
    const names = [...new Set(records.map((r) => r.eventName))].join(', ');
    return ignored(
      `no detection matched the CloudTrail record${records.length === 1 ? '' : 's'} (${names || 'none'})`,
    );
  }
  // An alert over part of a log file keeps just its records as raw, not the whole file.
  const whole = (g: { records: CloudTrailRecord[] }) =>
    groups.size === 1 && g.records.length === records.length;
  const alerts: Alert[] = [...groups.values()].map((g) =>
    alertFromParsedRecords(g.detection, g.records, whole(g) ? raw : g.records, receivedAt),
  );
  return normalized(alerts);
}
