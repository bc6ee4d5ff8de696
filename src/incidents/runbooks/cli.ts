import { alertSchema } from '../../alerts/alert.js';
import { formatPath } from '../../platform/format-path.js';
import { lintRunbookSources } from './lint.js';
import { chooseRunbook, type MatchSubject } from './matcher.js';
import type { RunbookSource } from './parse.js';
import { formatRunbookProblem, RUNBOOK_PATH } from './problems.js';
import type { Runbook } from './schema.js';

/**
 * The pure halves of `watchkeeper runbooks lint [DIR]` and `watchkeeper runbooks which FILE
 * [--format json]`: the CLI reads files, calls these, and prints what they return.
 */

export interface CliOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export type WhichFormat = 'text' | 'json';

export interface RunbookChoiceDescription {
  readonly id: string;
  readonly title: string;
  /** Which rule decided (`guardDutyTypes "UnauthorizedAccess:IAMUser/*"`, `fallback`). */
  readonly reason: string;
}

/** Which runbook an alert gets, and why; undefined when no runbook matches. */
export function describeRunbookChoice(
  alert: MatchSubject,
  runbooks: readonly Runbook[],
): RunbookChoiceDescription | undefined {
  const choice = chooseRunbook(runbooks, alert);
  return choice && { id: choice.runbook.id, title: choice.runbook.title, reason: choice.rank.reason };
}

export function runRunbooksLint(sources: readonly RunbookSource[], dir: string): CliOutput {
  if (sources.length === 0) {
    return { stdout: '', stderr: `${dir}: no runbook files (*.yaml) found\n`, exitCode: 1 };
  }
  const { runbooks, problems } = lintRunbookSources(sources);
  if (problems.length === 0) {
    return { stdout: `${runbooks.length} runbooks OK in ${dir}\n`, stderr: '', exitCode: 0 };
  }
  const lines = problems.map(formatRunbookProblem).join('\n');
  const summary = `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${dir}`;
  return { stdout: '', stderr: `${lines}\n${summary}\n`, exitCode: 1 };
}

/**
 * `alerts` is the parsed JSON of FILE: one Alert or an array of them. JSON output is `{id,title}`
 * for one alert and an array of those for an array.
 */
export function runRunbooksWhich(
  alerts: unknown,
  format: WhichFormat,
  runbooks: readonly Runbook[],
): CliOutput {
  const list = Array.isArray(alerts) ? alerts : [alerts];
  const errors: string[] = [];
  const chosen: Array<{ id: string; title: string; reason: string; type: string }> = [];
  list.forEach((candidate, i) => {
    const parsed = alertSchema.safeParse(candidate);
    const where = Array.isArray(alerts) ? `alert [${i}]` : 'alert';
    if (!parsed.success) {
      const issues = parsed.error.issues.map(
        (issue) =>
          `${formatPath(
            issue.path.filter((k) => typeof k !== 'symbol'),
            RUNBOOK_PATH,
          )}: ${issue.message}`,
      );
      errors.push(`${where} is not a valid Alert: ${issues.join('; ')}`);
      return;
    }
    const described = describeRunbookChoice(parsed.data, runbooks);
    if (!described) {
      errors.push(`${where} (${parsed.data.type}) matches no runbook: add a fallback runbook`);
      return;
    }
    chosen.push({ ...described, type: parsed.data.type });
  });
  if (errors.length > 0) return { stdout: '', stderr: `${errors.join('\n')}\n`, exitCode: 1 };
  if (format === 'json') {
    const items = chosen.map(({ id, title }) => ({ id, title }));
    return {
      stdout: `${JSON.stringify(Array.isArray(alerts) ? items : items[0])}\n`,
      stderr: '',
      exitCode: 0,
    };
  }
  const lines = chosen.map((c) => `${c.id}\t${c.title}\t(${c.type} matched ${c.reason})`);
  return { stdout: `${lines.join('\n')}\n`, stderr: '', exitCode: 0 };
}
