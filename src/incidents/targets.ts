import { createHash } from 'node:crypto';
import type { Alert, AlertResource } from '../alerts/alert.js';
import { clip } from '../slack/blocks/text.js';
import {
  type Incident,
  type IncidentTargets,
  MAX_INCIDENT_TARGETS,
  MAX_TARGET_ID_CHARS,
} from './incident.js';
import { saturatingAdd } from './occurrences.js';

/**
 * The targets an incident gathers across its alerts. On the log-watch path every CloudTrail
 * record is its own alert, so one caller denied on 30 instances arrives as 30 alerts that join
 * one incident (grouped by actor, `groupKeyOf`); each names one resource, and the incident keeps
 * which ones. Memory stays bounded: at most MAX_INCIDENT_TARGETS ids are kept, plus the count of
 * distinct targets seen. Pure.
 */

/** Characters of a long id's digest kept after its cut start, so two long ids stay two targets. */
const DIGEST_CHARS = 8;

/**
 * How a target is named on the incident: its id (what a responder searches for). A longer id is
 * cut and ends with `…` and a digest of the whole, so ids sharing a long start are not merged.
 */
export function targetId(resource: AlertResource): string {
  const id = resource.id.trim() || resource.arn?.trim() || resource.type.trim() || 'unknown';
  if (id.length <= MAX_TARGET_ID_CHARS) return id;
  const digest = createHash('sha256').update(id).digest('hex').slice(0, DIGEST_CHARS);
  return `${clip(id, MAX_TARGET_ID_CHARS - DIGEST_CHARS - 1)}…${digest}`;
}

/** What an incident stored without the field (or with one target) is known to have acted on. */
function knownTargets(incident: Incident): IncidentTargets {
  return incident.targets ?? { ids: [targetId(incident.resource)], total: 1 };
}

/**
 * Is the alert's target one the incident has not counted? A listed id is not. While the list has
 * room every target is listed, so an unlisted one is new; once it is full, a target is new when
 * its alert's dedupe key is (a detection's dedupe key is detection | actor | resource, so within
 * one actor's incident a new key is a new resource, and the incident's dedupe keys are all kept).
 */
function isNewTarget(before: Incident, known: IncidentTargets, id: string, alert: Alert): boolean {
  if (known.ids.includes(id)) return false;
  return known.ids.length < MAX_INCIDENT_TARGETS || !before.dedupeKeys.includes(alert.dedupeKey);
}

/**
 * `after` (what `occur` made of `before` for this alert) with the alert's target counted. The
 * field is set once there are two distinct targets; one target is the incident's resource and
 * needs no list. An incident stored before targets existed starts from its current resource.
 */
export function withAlertTarget(before: Incident, after: Incident, alert: Alert): Incident {
  const known = knownTargets(before);
  const id = targetId(alert.resource);
  const targets: IncidentTargets = isNewTarget(before, known, id, alert)
    ? {
        ids: known.ids.length < MAX_INCIDENT_TARGETS ? [...known.ids, id] : known.ids,
        total: saturatingAdd(known.total, 1),
      }
    : known;
  if (targets.total < 2) {
    const { targets: _none, ...single } = after;
    return single;
  }
  return { ...after, targets };
}
