import { basename, extname } from 'node:path';
import { ALERT_SOURCES, type AlertSource } from '../../alerts/alert.js';
import { formatPath } from '../../platform/format-path.js';
import { type Conditions, guaranteedBy } from './conditions.js';
import { globProblem } from './glob.js';
import { type ParsedRunbook, parseRunbookSource, type RunbookSource } from './parse.js';
import { RUNBOOK_PATH, type RunbookProblem } from './problems.js';
import type { Runbook } from './schema.js';
import { quotedCommandVariables, templateVariables } from './template.js';
import {
  isTemplateVariable,
  TEMPLATE_VARIABLES,
  type TemplateVariable,
  variableSpec,
} from './template-variables.js';

/**
 * Every check a runbook folder must pass before Watchkeeper uses it: schema, template variables,
 * globs, file names, unique ids, one generic fallback so every alert gets some runbook, and no
 * command that could meet an alert without a value it needs (it would have to show a
 * placeholder): each command variable must be one every matched alert carries, or be promised
 * by the step's `when` (`known`, or a kind such as `principal: [role-session]`).
 * Pure over the file texts; loader.ts reads the folder.
 */

export interface LintResult {
  readonly runbooks: readonly Runbook[];
  readonly problems: readonly RunbookProblem[];
}

const KNOWN_VARIABLES = Object.keys(TEMPLATE_VARIABLES).join(', ');
const MATCH_LISTS = ['guardDutyTypes', 'detectionIds', 'alarmNames'] as const;

function problemAt(
  parsed: ParsedRunbook,
  file: string,
  path: Array<string | number>,
  message: string,
  fix?: string,
): RunbookProblem {
  const line = parsed.lineOf(path);
  const base: RunbookProblem = {
    file,
    path: formatPath(path, RUNBOOK_PATH),
    message,
    ...(fix === undefined ? {} : { fix }),
  };
  return line === undefined ? base : { ...base, line };
}

/** The sources whose alerts a runbook can be chosen for. */
function sourcesOf(runbook: Runbook): AlertSource[] {
  const m = runbook.match;
  if (m.fallback) return [...ALERT_SOURCES];
  const sources = new Set<AlertSource>(m.sources ?? []);
  if (m.guardDutyTypes) sources.add('guardduty');
  if (m.detectionIds) sources.add('cloudtrail-detection');
  if (m.alarmNames) sources.add('cloudwatch-alarm');
  return [...sources];
}

function alwaysCarried(name: TemplateVariable, sources: readonly AlertSource[]): boolean {
  const always = variableSpec(name).alwaysFor ?? [];
  return sources.every((s) => always.includes(s));
}

function conditionVariableProblems(
  when: Conditions | undefined,
  at: (field: 'known' | 'unknown', i: number, message: string) => RunbookProblem,
): RunbookProblem[] {
  const problems: RunbookProblem[] = [];
  for (const field of ['known', 'unknown'] as const) {
    (when?.[field] ?? []).forEach((name, i) => {
      if (!isTemplateVariable(name))
        problems.push(at(field, i, `unknown template variable ${name} in when.${field}`));
    });
  }
  return problems;
}

/** Command variables a matched alert may lack while the step is shown. */
function unguardedVariables(runbook: Runbook, command: string, when: Conditions | undefined): string[] {
  const sources = sourcesOf(runbook);
  const promised = new Set([...guaranteedBy(runbook.match.when), ...guaranteedBy(when)]);
  return [
    ...new Set(
      templateVariables(command).filter(
        (name) => isTemplateVariable(name) && !alwaysCarried(name, sources) && !promised.has(name),
      ),
    ),
  ];
}

function checkRunbook(runbook: Runbook, parsed: ParsedRunbook, file: string): RunbookProblem[] {
  const problems: RunbookProblem[] = [];
  const stem = basename(file, extname(file));
  if (stem !== runbook.id) {
    problems.push(
      problemAt(
        parsed,
        file,
        ['id'],
        `id "${runbook.id}" does not match the file name`,
        `rename the file to ${runbook.id}.yaml`,
      ),
    );
  }
  for (const list of MATCH_LISTS) {
    (runbook.match[list] ?? []).forEach((pattern, i) => {
      const why = globProblem(pattern);
      if (why)
        problems.push(problemAt(parsed, file, ['match', list, i], `invalid glob "${pattern}": ${why}`));
    });
  }
  problems.push(
    ...conditionVariableProblems(runbook.match.when, (field, i, message) =>
      problemAt(parsed, file, ['match', 'when', field, i], message, `use one of: ${KNOWN_VARIABLES}`),
    ),
  );
  runbook.steps.forEach((step, i) => {
    problems.push(
      ...conditionVariableProblems(step.when, (field, k, message) =>
        problemAt(parsed, file, ['steps', i, 'when', field, k], message, `use one of: ${KNOWN_VARIABLES}`),
      ),
    );
    const fields: Array<['text' | 'command', string | undefined]> = [
      ['text', step.text],
      ['command', step.command],
    ];
    for (const [field, template] of fields) {
      if (template === undefined) continue;
      for (const name of templateVariables(template)) {
        if (!isTemplateVariable(name)) {
          problems.push(
            problemAt(
              parsed,
              file,
              ['steps', i, field],
              `unknown template variable {{${name}}}`,
              `use one of: ${KNOWN_VARIABLES}`,
            ),
          );
        }
      }
    }
    if (step.command !== undefined) {
      for (const name of unguardedVariables(runbook, step.command, step.when)) {
        problems.push(
          problemAt(
            parsed,
            file,
            ['steps', i, 'command'],
            `{{${name}}} can be missing when this step is shown, and a command never shows a placeholder`,
            `add \`when: { known: [${name}] }\` (or a kind that implies it, such as principal: [role-session] for actor.roleName) and a step for alerts without it`,
          ),
        );
      }
      for (const name of quotedCommandVariables(step.command)) {
        problems.push(
          problemAt(
            parsed,
            file,
            ['steps', i, 'command'],
            `{{${name}}} is inside quotes`,
            'remove the quotes: values are shell-quoted when rendered',
          ),
        );
      }
    }
  });
  return problems;
}

export function lintRunbookSources(sources: readonly RunbookSource[]): LintResult {
  const problems: RunbookProblem[] = [];
  const runbooks: Runbook[] = [];
  const firstFileById = new Map<string, string>();
  for (const source of [...sources].sort((a, b) => a.file.localeCompare(b.file))) {
    const parsed = parseRunbookSource(source);
    problems.push(...parsed.problems);
    const runbook = parsed.runbook;
    if (!runbook) continue;
    problems.push(...checkRunbook(runbook, parsed, source.file));
    const first = firstFileById.get(runbook.id);
    if (first !== undefined) {
      problems.push(
        problemAt(parsed, source.file, ['id'], `duplicate runbook id "${runbook.id}" (also in ${first})`),
      );
      continue;
    }
    firstFileById.set(runbook.id, source.file);
    runbooks.push(runbook);
  }
  if (sources.length > 0 && !runbooks.some((r) => r.match.fallback === true)) {
    problems.push({
      file: '(all runbooks)',
      path: 'match.fallback',
      message: 'no generic fallback runbook: alerts that match nothing would get no runbook',
      fix: 'add a runbook with `match: { fallback: true }`',
    });
  }
  return { runbooks, problems };
}
