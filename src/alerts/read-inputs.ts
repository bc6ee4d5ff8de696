import { InputError, type Problem } from '../platform/errors.js';
import { jsonErrorLine } from './json-error-line.js';

/**
 * Splits what `watchkeeper alert FILE|-` reads into inputs: one JSON value (pretty-printed or
 * not), a JSON array of inputs, or JSON lines (blank lines skipped). Errors name the line.
 */

export interface AlertInput {
  readonly value: unknown;
  /** 1-based line where the input starts (for an array item: where the array starts). */
  readonly line: number;
  /** 0-based position in a top-level JSON array, when the input was one. */
  readonly index?: number;
}

/** `line 3`, or `item 2 (line 1)` for an array element: where to look in the file. */
export function inputLocation(input: AlertInput): string {
  return input.index === undefined ? `line ${input.line}` : `item ${input.index + 1} (line ${input.line})`;
}

/** The parser's message, on one line and without its echo of the input. */
function parseMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split(/, "|\n/)[0] ?? message).replace(/\s*\(line \d+ column \d+\)/, '');
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error };
  }
}

export function readAlertInputs(rawText: string): AlertInput[] {
  const text = rawText.replace(/^\uFEFF/, '');
  const lines = text.split('\n');
  const firstLineIndex = lines.findIndex((line) => line.trim() !== '');
  if (firstLineIndex === -1) {
    throw new InputError('No alert input', [
      {
        path: 'line 1',
        message: 'the input is empty',
        fix: 'give a JSON object, a JSON array or JSON lines',
      },
    ]);
  }
  const startLine = firstLineIndex + 1;

  const whole = tryParse(text);
  if (whole.ok) {
    return Array.isArray(whole.value)
      ? whole.value.map((value, index) => ({ value, line: startLine, index }))
      : [{ value: whole.value, line: startLine }];
  }

  // One pretty-printed document whose first line is not JSON by itself: report the document's error.
  if (!tryParse(lines[firstLineIndex] ?? '').ok) {
    throw new InputError('Not valid JSON', [
      { path: `line ${jsonErrorLine(text)}`, message: parseMessage(whole.error) },
    ]);
  }

  const inputs: AlertInput[] = [];
  const problems: Problem[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const parsed = tryParse(line);
    if (parsed.ok) inputs.push({ value: parsed.value, line: index + 1 });
    else problems.push({ path: `line ${index + 1}`, message: parseMessage(parsed.error) });
  });
  if (problems.length > 0) {
    throw new InputError(
      `Not valid JSON lines (${problems.length} bad line${problems.length === 1 ? '' : 's'})`,
      problems,
    );
  }
  return inputs;
}
