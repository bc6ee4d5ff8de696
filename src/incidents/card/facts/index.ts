import type { AlertFact } from '../../../alerts/alert.js';
import { alarmFacts } from './alarm.js';
import { actorFacts } from './detection.js';
import type { FactSubject } from './subject.js';
import { withTargetsFact } from './targets.js';

export type { FactSubject } from './subject.js';

/** As many as an alert or incident may store (their schemas' limit). */
const MAX_FACTS = 12;

/**
 * The key facts an alert or incident shows: what its normalizer read from the finding
 * (`facts`, GuardDuty), else what the card can compute from its fields (alarms: metric, value,
 * threshold; CloudTrail and the rest: caller, API, target, source), with the targets gathered
 * across the incident's alerts when there are several. Pure.
 */
export function factsFor(subject: FactSubject): AlertFact[] {
  const read = subject.facts && subject.facts.length > 0 ? subject.facts : undefined;
  const computed =
    read ?? (subject.source === 'cloudwatch-alarm' ? alarmFacts(subject) : actorFacts(subject));
  return withTargetsFact(computed, subject).slice(0, MAX_FACTS);
}
