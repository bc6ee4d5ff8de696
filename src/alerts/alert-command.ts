import { InputError } from '../platform/errors.js';
import type { Alert } from './alert.js';
import { normalize } from './normalize.js';
import type { NormalizeOptions } from './options.js';
import { type AlertInput, inputLocation, readAlertInputs } from './read-inputs.js';

/**
 * `watchkeeper alert FILE|-` as a pure function: the file's text in, what to print and the exit
 * code out. Alerts go to stdout as one JSON array; ignored inputs are noted on stderr; any
 * rejected input is explained on stderr and makes the exit code 2.
 */

export interface AlertCommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: 0 | 2;
}

function explain(location: string, error: InputError): string[] {
  const fixes = error.problems.flatMap((p) => (p.fix ? [`  fix (${p.path}): ${p.fix}`] : []));
  return [`${location}: ${error.message} [${error.code}]`, ...fixes];
}

export function runAlertCommand(text: string, options: NormalizeOptions): AlertCommandResult {
  let inputs: AlertInput[];
  try {
    inputs = readAlertInputs(text);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const lines = [error.message, ...error.problems.filter((p) => p.fix).map((p) => `  fix: ${p.fix}`)];
    return { stdout: '', stderr: `${lines.join('\n')}\n`, exitCode: 2 };
  }

  const receivedAt = options.now().toISOString();
  const alerts: Alert[] = [];
  const notes: string[] = [];
  let rejected = 0;
  for (const input of inputs) {
    const location = inputLocation(input);
    const result = normalize({ kind: 'unknown', receivedAt, origin: 'cli', payload: input.value }, options);
    if (result.status === 'normalized') alerts.push(...result.alerts);
    else if (result.status === 'ignored') notes.push(`${location}: ignored: ${result.reason}`);
    else {
      rejected += 1;
      notes.push(...explain(location, result.error));
    }
  }
  if (rejected > 0)
    notes.push(`${rejected} of ${inputs.length} input${inputs.length === 1 ? '' : 's'} rejected`);
  const printAlerts = alerts.length > 0 || rejected === 0;
  return {
    stdout: printAlerts ? `${JSON.stringify(alerts, null, 2)}\n` : '',
    stderr: notes.length ? `${notes.join('\n')}\n` : '',
    exitCode: rejected > 0 ? 2 : 0,
  };
}
