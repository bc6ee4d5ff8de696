import type { RawArgs } from '../http/args.js';
import { SlackApiError } from './errors.js';

/**
 * Reads method arguments whatever the encoding: form values are strings (objects arrive
 * JSON-stringified), JSON bodies carry real values.
 */
export class ArgReader {
  constructor(readonly raw: RawArgs) {}

  has(name: string): boolean {
    const value = this.raw[name];
    return value !== undefined && value !== null && value !== '';
  }

  string(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw new SlackApiError('invalid_arguments', {
      messages: [`[ERROR] must be a string [json-pointer:/${name}]`],
    });
  }

  /** The value when it is a non-empty string, never throwing (for logs and routing). */
  peek(name: string): string | undefined {
    const value = this.raw[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  /** A required string, with the Slack error to answer when it is missing. */
  require(name: string, error: string): string {
    const value = this.string(name);
    if (value === undefined) throw new SlackApiError(error);
    return value;
  }

  boolean(name: string): boolean {
    const value = this.raw[name];
    return value === true || value === 'true' || value === '1' || value === 1;
  }

  /** A JSON argument: parsed from a string (form) or taken as is (JSON body). `format` when unparseable. */
  json(name: string, formatError: string): unknown {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      throw new SlackApiError(formatError);
    }
  }

  /** Short, token-free summary for the call log. */
  summary(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(this.raw)) {
      if (key === 'token') continue;
      const text = Buffer.isBuffer(value)
        ? `<${value.length} bytes>`
        : typeof value === 'string'
          ? value
          : JSON.stringify(value);
      out[key] = text.length > 120 ? `${text.slice(0, 117)}...` : text;
    }
    return out;
  }
}
