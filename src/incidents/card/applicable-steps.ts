import type { Incident } from '../incident.js';
import type { Runbook } from '../runbooks/schema.js';
import { applicableStepIndexes } from '../runbooks/template.js';

/**
 * The runbook steps that apply to this incident (a step's `when:` may limit it to role sessions,
 * long-term keys, the target of traffic…), numbered 1, 2, 3… in the order shown. The thread post,
 * the checklist modal and the card's progress all count these, so a step that does not apply is
 * neither shown nor owed. `index` is the step's place in the runbook: ticks are stored by it.
 */
export interface ApplicableStep {
  readonly index: number;
  readonly number: number;
}

export function applicableSteps(incident: Incident, runbook: Runbook): ApplicableStep[] {
  return applicableStepIndexes(runbook, incident).map((index, k) => ({ index, number: k + 1 }));
}

/** Ticked and total applicable steps ("3 of 9 steps done"). */
export function runbookTally(incident: Incident, runbook: Runbook): { done: number; total: number } {
  const steps = applicableSteps(incident, runbook);
  const done = steps.filter((s) => incident.runbookSteps[String(s.index)] !== undefined).length;
  return { done, total: steps.length };
}
