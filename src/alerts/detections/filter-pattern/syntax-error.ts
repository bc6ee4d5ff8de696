import { InputError } from '../../../platform/errors.js';

/**
 * A filter pattern that does not parse. Carries where (0-based `position`, 1-based `column`)
 * and what the parser expected there, so a detection author can fix the exact character.
 */
export class FilterPatternSyntaxError extends InputError {
  readonly position: number;
  readonly column: number;
  readonly expected: string;
  readonly found: string;
  constructor(args: { position: number; expected: string; found: string }) {
    const column = args.position + 1;
    super('Invalid CloudWatch Logs filter pattern', [
      { path: `column ${column}`, message: `expected ${args.expected}, found ${args.found}` },
    ]);
    this.position = args.position;
    this.column = column;
    this.expected = args.expected;
    this.found = args.found;
  }
}
