import type { AlertFact } from '../../../alerts/alert.js';
import { accessKeyFact, callerFacts, factOf } from './principal.js';
import type { FactSubject } from './subject.js';

/**
 * CloudTrail detections and anything else that names an actor (Security Hub, Config): who called
 * which API on what, from where, and whether AWS refused it. Computed from the alert's own fields
 * (actor, resource, description), so incidents stored before facts existed show the same.
 */

function refusal(description: string): string | undefined {
  return /\(failed: ([^)]*)\)/.exec(description)?.[1];
}

export function actorFacts(subject: FactSubject): AlertFact[] {
  const actor = subject.actor;
  // The target is the incident's resource, already on the card's context line: not repeated here.
  return [
    ...callerFacts(
      actor?.principal,
      actor?.sourceIp,
      subject.source === 'guardduty' ? 'Remote IP' : 'Source IP',
    ),
    ...factOf('API', actor?.api, 'code'),
    ...factOf('Refused', refusal(subject.description)),
    // The key before the user agent: with the targets fact the card may show only six, and the
    // key is what containment acts on.
    ...accessKeyFact(actor?.accessKeyId),
    ...factOf('User agent', actor?.userAgent, 'code'),
  ];
}
