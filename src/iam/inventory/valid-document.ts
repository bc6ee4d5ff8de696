import type { PolicyDocument, PolicyStatement } from '../model.js';

/**
 * The policy document, normalized exactly as the zod schema in policy-document.ts normalizes it,
 * when it is certainly valid; `undefined` for anything else, which the schema then reads and
 * names the problem of. Plain code for the common case: a 10,000-principal account holds ~20,000
 * documents, and reading them through zod (with its copies and transforms) was a third of the
 * review's parse time. Whatever this accepts, the schema accepts with the same result (tested on
 * generated documents in test/iam/valid-document.test.ts); when in doubt it declines.
 */
export function readValidDocument(value: unknown): PolicyDocument | undefined {
  if (!isPlainRecord(value)) return undefined;
  const { Version, Statement } = value;
  if (Version !== undefined && typeof Version !== 'string') return undefined;
  if (Statement === undefined) return undefined;
  const list = Array.isArray(Statement) ? Statement : [Statement];
  const statements: PolicyStatement[] = [];
  for (let i = 0; i < list.length; i++) {
    const statement = readStatement(list[i]);
    if (!statement) return undefined;
    statements.push(statement);
  }
  return Version ? { Version, Statement: statements } : { Statement: statements };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Fields in the schema's order, so the result's keys come out in the same order. */
function readStatement(value: unknown): PolicyStatement | undefined {
  if (!isPlainRecord(value)) return undefined;
  const { Sid, Effect, Action, NotAction, Resource, NotResource, Principal, NotPrincipal, Condition } = value;
  if (Sid !== undefined && typeof Sid !== 'string') return undefined;
  if (Effect !== 'Allow' && Effect !== 'Deny') return undefined;
  if (Action === undefined && NotAction === undefined) return undefined;
  const action = optional(Action, oneOrMany);
  const notAction = optional(NotAction, oneOrMany);
  const resource = optional(Resource, oneOrMany);
  const notResource = optional(NotResource, oneOrMany);
  const principal_ = optional(Principal, principal);
  const notPrincipal = optional(NotPrincipal, principal);
  const condition_ = optional(Condition, condition);
  if (
    action === INVALID ||
    notAction === INVALID ||
    resource === INVALID ||
    notResource === INVALID ||
    principal_ === INVALID ||
    notPrincipal === INVALID ||
    condition_ === INVALID
  )
    return undefined;
  const statement: Mutable<PolicyStatement> = Sid !== undefined ? { Sid, Effect } : { Effect };
  if (action) statement.Action = action;
  if (notAction) statement.NotAction = notAction;
  if (resource) statement.Resource = resource;
  if (notResource) statement.NotResource = notResource;
  if (principal_) statement.Principal = principal_;
  if (notPrincipal) statement.NotPrincipal = notPrincipal;
  if (condition_) statement.Condition = condition_;
  return statement;
}

const INVALID = Symbol('invalid');

/** An optional field: absent stays `undefined`, a value that does not read is `INVALID`. */
function optional<T>(value: unknown, read: (v: unknown) => T | undefined): T | undefined | typeof INVALID {
  if (value === undefined) return undefined;
  return read(value) ?? INVALID;
}

function principal(value: unknown): PolicyStatement['Principal'] | undefined {
  return value === '*' ? '*' : recordOf(value, oneOrMany);
}

function condition(value: unknown): PolicyStatement['Condition'] | undefined {
  return recordOf(value, (byKey) => recordOf(byKey, conditionValues));
}

function oneOrMany(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return undefined;
  const list: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (typeof item !== 'string') return undefined;
    list.push(item);
  }
  return list;
}

function conditionValues(value: unknown): string[] | undefined {
  if (isConditionScalar(value)) return [String(value)];
  if (!Array.isArray(value)) return undefined;
  const list: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (!isConditionScalar(item)) return undefined;
    list.push(String(item));
  }
  return list;
}

function isConditionScalar(value: unknown): value is string | number | boolean {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/**
 * A map whose every value reads; declines keys zod treats specially (`__proto__`, which it drops,
 * and symbols, which fail its string keys).
 */
function recordOf<T>(value: unknown, read: (v: unknown) => T | undefined): Record<string, T> | undefined {
  if (!isPlainRecord(value) || Object.getOwnPropertySymbols(value).length > 0) return undefined;
  const out: Record<string, T> = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__') return undefined;
    const item = read(value[key]);
    if (item === undefined) return undefined;
    out[key] = item;
  }
  return out;
}

/** An object as JSON.parse makes them (zod reads other objects differently in places). */
function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
