import type { AlertFact } from '../../../alerts/alert.js';
import { factOf } from './principal.js';
import type { FactSubject } from './subject.js';

/**
 * "Targets (30): i-0a…, i-0b… and 28 more": the resources an incident's alerts acted on, when
 * there is more than one (one is the resource on the card's context line). The count is in the
 * label, so it stays whole however far the card cuts the value; the value names as many ids as
 * fit VALUE_CHARS and counts the rest. The card escapes and masks it like any fact value.
 */

/** Longest value built here: the card shows a fact's value whole up to 140 characters. */
const VALUE_CHARS = 120;

function listed(ids: readonly string[], total: number): string {
  let shown = '';
  let count = 0;
  for (const id of ids) {
    const rest = total - (count + 1);
    const next = `${shown}${count > 0 ? ', ' : ''}${id}`;
    const tail = rest > 0 ? ` and ${rest} more` : '';
    // The first id is always named (cut by the card if it is long): a list of none says nothing.
    if (count > 0 && next.length + tail.length > VALUE_CHARS) break;
    shown = next;
    count++;
  }
  const rest = total - count;
  return rest > 0 ? `${shown} and ${rest} more` : shown;
}

export function targetsFact(subject: Pick<FactSubject, 'targets'>): AlertFact[] {
  const targets = subject.targets;
  if (targets === undefined || targets.total < 2) return [];
  return factOf(`Targets (${targets.total})`, listed(targets.ids, targets.total));
}

/** The facts with the targets fact placed after the caller and where from (the card shows six). */
export function withTargetsFact(
  facts: readonly AlertFact[],
  subject: Pick<FactSubject, 'targets'>,
): AlertFact[] {
  const at = Math.min(2, facts.length);
  return [...facts.slice(0, at), ...targetsFact(subject), ...facts.slice(at)];
}
