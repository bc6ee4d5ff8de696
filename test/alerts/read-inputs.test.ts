import { describe, expect, it } from 'vitest';
import { jsonErrorLine } from '../../src/alerts/json-error-line.js';
import { inputLocation, readAlertInputs } from '../../src/alerts/read-inputs.js';
import { InputError } from '../../src/platform/errors.js';
import { fixtureText } from './helpers.js';

function errorOf(text: string): InputError {
  try {
    readAlertInputs(text);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('readAlertInputs', () => {
  it('reads one pretty-printed JSON object as one input at its first line', () => {
    const inputs = readAlertInputs(`\n\n${fixtureText('alarms/sns-ok.json')}`);
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toMatchObject({ line: 3, value: { Type: 'Notification' } });
  });

  it('reads each element of a JSON array as an input, numbered by item', () => {
    const inputs = readAlertInputs(fixtureText('alarms/eventbridge-state-changes.json'));
    expect(inputs).toHaveLength(5);
    expect(inputs.map(inputLocation)).toEqual([1, 2, 3, 4, 5].map((n) => `item ${n} (line 1)`));
  });

  it('reads an empty array as no inputs', () => {
    expect(readAlertInputs('[]\n')).toEqual([]);
  });

  it('reads JSON lines, skipping blank lines and keeping each line number', () => {
    const inputs = readAlertInputs(fixtureText('guardduty/findings-export.ndjson'));
    expect(inputs.map((i) => i.line)).toEqual([1, 2, 3, 5, 6, 7]);
    expect(inputs.at(-1)?.value).toEqual({ findings: [] });
  });

  it('tolerates CRLF line ends and a byte-order mark', () => {
    const inputs = readAlertInputs('\uFEFF{"a":1}\r\n\r\n{"b":2}\r\n');
    expect(inputs).toEqual([
      { value: { a: 1 }, line: 1 },
      { value: { b: 2 }, line: 3 },
    ]);
  });

  it('names every bad line of JSON lines', () => {
    const error = errorOf('{"a":1}\n{"b":\n\n{"c":3}\nnot json\n');
    expect(error.message).toMatch(/^Not valid JSON lines \(2 bad lines\)/);
    expect(error.problems.map((p) => p.path)).toEqual(['line 2', 'line 5']);
  });

  it('names the line of a syntax error inside a pretty-printed document', () => {
    const error = errorOf('{\n  "Type": "Notification",\n  "Message": oops\n}\n');
    expect(error.problems).toEqual([{ path: 'line 3', message: expect.any(String) }]);
  });

  it('rejects empty input', () => {
    expect(errorOf(' \n\n').message).toContain('No alert input');
  });
});

describe('jsonErrorLine', () => {
  it.each([
    ['{\n  "a": 1,\n  "b": oops\n}', 3],
    ['[\n  {"a": 1}\n  {"b": 2}\n]', 3],
    ['{\n  "a": 1,\n}\n', 3],
    ['{\n  "a": 1\n}\nextra', 4],
    ['{\n  "a": "unterminated\n}', 2],
  ])('finds the line where %j goes wrong', (text, line) => {
    expect(jsonErrorLine(text)).toBe(line);
  });
});
