import { chooseRunbook, type MatchSubject } from './matcher.js';
import type { Runbook } from './schema.js';
import { profileOf } from './subject-profile.js';
import { renderRunbookSteps, templateVariables } from './template.js';
import { isTemplateVariable, readVariable, type TemplateSubject } from './template-variables.js';

/**
 * The runbooks checked against real alerts: each alert gets the runbook production would choose,
 * and every step that applies to it is rendered. A problem is a rendered placeholder, or a
 * command left out for want of a value that the alert does carry (the datum is there, the
 * template just could not read it: `--role-name` left out for a finding about role
 * `web-app-role`). Pure; the tests run it over every alert fixture.
 */

export interface AlertCase {
  /** Where the alert came from, for the message (`guardduty/instance-backdoor.json #1`). */
  readonly label: string;
  readonly alert: MatchSubject & TemplateSubject;
}

export interface AlertLintProblem {
  readonly label: string;
  readonly runbookId: string;
  /** 1-based step number, as the checklist shows it. */
  readonly step?: number;
  readonly message: string;
}

const PLACEHOLDER = /<[^<>\n]*\bunknown\b[^<>\n]*>/;

function factValue(subject: TemplateSubject, label: string): string {
  return subject.facts?.find((f) => f.label === label)?.value ?? '';
}

/**
 * Whether the alert visibly carries a variable's datum, judged more loosely than the variable
 * reads it: when this says yes and the variable is still missing, the reading is what is wrong.
 */
function alertCarries(name: string, subject: TemplateSubject): boolean {
  const principal = subject.actor?.principal ?? '';
  const caller = factValue(subject, 'Caller');
  switch (name) {
    case 'actor.roleName':
      return /assumed-role\/|:role\//.test(principal) || /^role \S/.test(caller);
    case 'actor.userName':
      return /:user\//.test(principal) || /^user \S/.test(caller);
    case 'actor.principal':
      return caller !== '';
    case 'actor.sourceIp':
      return factValue(subject, 'Source IP') !== '';
    case 'resource.arn':
      return subject.resource.id.startsWith('arn:');
    case 'scan.resourceId':
      return /\b(?:snap|ami|vol)-[0-9a-f]{8,}\b/.test(
        `${factValue(subject, 'Scanned')} ${subject.resource.arn ?? ''}`,
      );
    default:
      return false;
  }
}

/** How a variable is read from an alert: the production reader unless a test passes another. */
export type VariableReader = (subject: TemplateSubject, name: string) => string | undefined;

const productionReader: VariableReader = (subject, name) =>
  isTemplateVariable(name) ? readVariable(subject, name, profileOf(subject)) : undefined;

export function lintRunbooksOnAlerts(
  runbooks: readonly Runbook[],
  cases: readonly AlertCase[],
  read: VariableReader = productionReader,
): AlertLintProblem[] {
  const problems: AlertLintProblem[] = [];
  for (const { label, alert } of cases) {
    const runbook = chooseRunbook(runbooks, alert)?.runbook;
    if (!runbook) {
      problems.push({ label, runbookId: '(none)', message: 'no runbook matches: add a fallback runbook' });
      continue;
    }
    for (const rendered of renderRunbookSteps(runbook, alert)) {
      const at = { label, runbookId: runbook.id, step: rendered.index + 1 };
      if (rendered.command !== undefined && PLACEHOLDER.test(rendered.command)) {
        problems.push({ ...at, message: `command shows a placeholder: ${rendered.command}` });
      }
      if (PLACEHOLDER.test(rendered.text)) {
        problems.push({ ...at, message: `text shows a placeholder: ${rendered.text}` });
      }
      const command = runbook.steps[rendered.index]?.command ?? '';
      const missing = templateVariables(command).filter((name) => read(alert, name) === undefined);
      for (const name of new Set(missing.filter((n) => alertCarries(n, alert)))) {
        problems.push({
          ...at,
          message: `command left out for want of {{${name}}}, but the alert carries it: read it from the alert`,
        });
      }
    }
  }
  return problems;
}
