import { type BlockKitIssue, tooLong } from './issues.js';
import { LIMITS } from './limits.js';

export type Json = Record<string, unknown>;

export interface StringRule {
  required?: boolean;
  max?: number;
  min?: number;
  oneOf?: readonly string[];
}

export interface TextRule {
  required?: boolean;
  max: number;
  /** Slack requires `plain_text` here (headers, buttons, labels, select options...). */
  plainOnly?: boolean;
}

export function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Collects issues while walking a Block Kit tree. Each method checks one property of an object
 * and names it by JSON pointer, the way Slack's `[json-pointer:...]` does.
 */
export class Checker {
  readonly issues: BlockKitIssue[] = [];

  fail(pointer: string, reason: string): void {
    this.issues.push({ pointer, reason });
  }

  object(value: unknown, pointer: string): Json | undefined {
    if (isJsonObject(value)) return value;
    this.fail(pointer, 'must be an object');
    return undefined;
  }

  /** Slack rejects properties its schema does not know (typos like `acton_id` fail loudly). */
  onlyKeys(obj: Json, allowed: readonly string[], pointer: string): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) this.fail(pointer, `invalid additional property: ${key}`);
    }
  }

  string(obj: Json, key: string, pointer: string, rule: StringRule = {}): string | undefined {
    const value = obj[key];
    const at = `${pointer}/${key}`;
    if (value === undefined) {
      if (rule.required) this.fail(pointer, `missing required field: ${key}`);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.fail(at, 'must be a string');
      return undefined;
    }
    if (rule.min !== undefined && value.length < rule.min)
      this.fail(at, `must be more than ${rule.min - 1} characters`);
    if (rule.max !== undefined && value.length > rule.max) this.fail(at, tooLong(rule.max));
    if (rule.oneOf && !rule.oneOf.includes(value)) this.fail(at, `must be one of: ${rule.oneOf.join(', ')}`);
    return value;
  }

  boolean(obj: Json, key: string, pointer: string): void {
    const value = obj[key];
    if (value !== undefined && typeof value !== 'boolean')
      this.fail(`${pointer}/${key}`, 'must be a boolean');
  }

  integer(
    obj: Json,
    key: string,
    pointer: string,
    rule: { min?: number; max?: number; required?: boolean } = {},
  ): void {
    const value = obj[key];
    const at = `${pointer}/${key}`;
    if (value === undefined) {
      if (rule.required) this.fail(pointer, `missing required field: ${key}`);
      return;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.fail(at, 'must be an integer');
      return;
    }
    if (rule.min !== undefined && value < rule.min) this.fail(at, `must be at least ${rule.min}`);
    if (rule.max !== undefined && value > rule.max) this.fail(at, `must be at most ${rule.max}`);
  }

  array(
    obj: Json,
    key: string,
    pointer: string,
    rule: { required?: boolean; min?: number; max?: number } = {},
  ): unknown[] | undefined {
    const value = obj[key];
    const at = `${pointer}/${key}`;
    if (value === undefined) {
      if (rule.required) this.fail(pointer, `missing required field: ${key}`);
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.fail(at, 'must be an array');
      return undefined;
    }
    const min = rule.min ?? (rule.required ? 1 : 0);
    if (value.length < min) this.fail(at, `must provide at least ${min} item${min === 1 ? '' : 's'}`);
    if (rule.max !== undefined && value.length > rule.max)
      this.fail(at, `no more than ${rule.max} items allowed`);
    return value;
  }

  /** A composition text object: `{type: 'plain_text'|'mrkdwn', text, emoji?, verbatim?}`. */
  text(obj: Json, key: string, pointer: string, rule: TextRule): void {
    const value = obj[key];
    if (value === undefined) {
      if (rule.required) this.fail(pointer, `missing required field: ${key}`);
      return;
    }
    this.textObject(value, `${pointer}/${key}`, rule);
  }

  textObject(value: unknown, pointer: string, rule: TextRule): void {
    const text = this.object(value, pointer);
    if (!text) return;
    const types = rule.plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
    const type = this.string(text, 'type', pointer, { required: true, oneOf: types });
    this.string(text, 'text', pointer, { required: true, min: 1, max: rule.max });
    if (type === 'plain_text') {
      this.onlyKeys(text, ['type', 'text', 'emoji'], pointer);
      this.boolean(text, 'emoji', pointer);
    } else if (type === 'mrkdwn') {
      this.onlyKeys(text, ['type', 'text', 'verbatim'], pointer);
      this.boolean(text, 'verbatim', pointer);
    }
  }

  url(obj: Json, key: string, pointer: string, required = false): void {
    const url = this.string(obj, key, pointer, { required, max: LIMITS.url });
    if (url !== undefined && !/^[a-z][a-z0-9+.-]*:/i.test(url))
      this.fail(`${pointer}/${key}`, 'must be a valid URL');
  }

  /** `block_id` / `action_id`: ≤255 chars and unique within their scope. */
  identifier(obj: Json, key: 'block_id' | 'action_id', pointer: string, seen: Set<string>): void {
    const id = this.string(obj, key, pointer, {
      min: 1,
      max: key === 'block_id' ? LIMITS.blockId : LIMITS.actionId,
    });
    if (id === undefined) return;
    if (seen.has(id)) this.fail(`${pointer}/${key}`, `duplicate ${key}: ${id}`);
    seen.add(id);
  }
}
