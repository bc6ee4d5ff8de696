import { type Document, isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { InputError, type Problem } from '../platform/errors.js';
import { type FormatPathOptions, formatPath } from '../platform/format-path.js';
import { type OwnerRuleInput, ownersFileSchema } from './registry-schema.js';
import { wildcardToRegExp } from './wildcard.js';

/**
 * owners.yaml: who owns what when a resource carries no owner tag. Rules are tried in file order
 * and the first match wins, so write the most specific rules first. Loading checks the whole file
 * and throws one InputError that names every problem by path and line.
 */

export interface OwnerContact {
  readonly team: string;
  readonly channel?: string;
  /** A Slack user group handle (`@payments-oncall`) or id (`S0123ABCD`). */
  readonly userGroup?: string;
  readonly escalationContact?: string;
}

export interface OwnerPattern {
  readonly text: string;
  readonly regexp: RegExp;
}

export interface OwnerRule {
  /** 1-based position in `rules:`, as people count them. */
  readonly number: number;
  readonly line: number | undefined;
  readonly name: string | undefined;
  readonly arn: readonly OwnerPattern[];
  readonly resource: readonly OwnerPattern[];
  readonly account: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly owner: OwnerContact;
}

export interface AccountDefaults {
  readonly alias?: string;
  readonly defaultTeam?: string;
}

export interface OwnersRegistry {
  /** The file name used in answers and errors. */
  readonly source: string;
  readonly rules: readonly OwnerRule[];
  /** Team directory keyed by lower-cased team name. */
  readonly teams: ReadonlyMap<string, OwnerContact>;
  readonly accounts: ReadonlyMap<string, AccountDefaults>;
}

export function emptyOwnersRegistry(source = 'owners.yaml'): OwnersRegistry {
  return { source, rules: [], teams: new Map(), accounts: new Map() };
}

export function parseOwnersRegistry(text: string, options: { source?: string } = {}): OwnersRegistry {
  const source = options.source ?? 'owners.yaml';
  const lineCounter = new LineCounter();
  // failsafe: every scalar is a string, so account ids and tag values are never reinterpreted.
  const doc = parseDocument(text, { schema: 'failsafe', lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map(
      (error): Problem => ({
        path: `line ${error.linePos?.[0]?.line ?? '?'}`,
        message: error.message.split('\n')[0] ?? 'invalid YAML',
        fix: 'fix the YAML syntax (indentation, quotes, brackets)',
      }),
    );
    throw new InputError(`${source} is not valid YAML`, problems);
  }
  const parsed = ownersFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => issueToProblem(issue, doc, lineCounter));
    throw new InputError(`${source} is invalid`, problems);
  }
  const file = parsed.data;
  const teams = new Map<string, OwnerContact>();
  for (const [team, contact] of Object.entries(file.teams ?? {})) {
    teams.set(team.toLowerCase(), { team, ...definedOnly(contact) });
  }
  const accounts = new Map<string, AccountDefaults>();
  for (const [id, defaults] of Object.entries(file.accounts ?? {})) accounts.set(id, definedOnly(defaults));
  const rules = (file.rules ?? []).map((rule, index) =>
    toRule(rule, index, entryLine(doc, ['rules', index], lineCounter)),
  );
  return { source, rules, teams, accounts };
}

function toRule(rule: OwnerRuleInput, index: number, line: number | undefined): OwnerRule {
  const patterns = (value: string | readonly string[] | undefined): OwnerPattern[] =>
    asList(value).map((text) => ({ text, regexp: wildcardToRegExp(text) }));
  return {
    number: index + 1,
    line,
    name: rule.name,
    arn: patterns(rule.arn),
    resource: patterns(rule.resource),
    account: asList(rule.account),
    tags: rule.tags ?? {},
    owner: {
      team: rule.team,
      ...definedOnly({
        channel: rule.channel,
        userGroup: rule.userGroup,
        escalationContact: rule.escalationContact,
      }),
    },
  };
}

/**
 * How owners.yaml and tags-file problems name a field. Keys there are free text (team names,
 * ARNs), so odd ones are quoted: `teams["platform team"].channel`.
 */
export const OWNERS_PATH: FormatPathOptions = { rootLabel: '(top level)', quoteOddKeys: true };

function issueToProblem(issue: z.core.$ZodIssue, doc: Document, lineCounter: LineCounter): Problem {
  const path = [...issue.path].map((part) => (typeof part === 'symbol' ? String(part) : part));
  let message = issue.message;
  let fix: string | undefined;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    path.push(key);
    message = `unknown field${issue.keys.length > 1 ? `s ${issue.keys.join(', ')}` : ` "${key}"`}`;
    fix = fixForUnknownKey(path);
  } else if (issue.code === 'invalid_key') {
    message = issue.issues[0]?.message ?? 'invalid key';
  } else if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
    message = 'is missing';
  }
  const line = nearestLine(doc, path, lineCounter);
  const problemPath = `${formatPath(path, OWNERS_PATH)}${line === undefined ? '' : ` (line ${line})`}`;
  return fix === undefined ? { path: problemPath, message } : { path: problemPath, message, fix };
}

function fixForUnknownKey(path: readonly (string | number)[]): string {
  if (path.length === 1) return 'top-level keys are teams, rules and accounts';
  if (path[0] === 'rules') {
    return 'rule fields are name, arn, resource, account, tags, team, channel, userGroup, escalationContact';
  }
  if (path[0] === 'teams') return 'team fields are channel, userGroup, escalationContact';
  return 'account fields are alias and defaultTeam';
}

/**
 * The line of the entry at `path`, or of its closest existing parent (a missing field has no
 * node). A map entry is placed at its key, which is where a person looks for it.
 */
function nearestLine(
  doc: Document,
  path: readonly (string | number)[],
  lineCounter: LineCounter,
): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const line = depth === 0 ? 1 : entryLine(doc, path.slice(0, depth), lineCounter);
    if (line !== undefined) return line;
  }
  return undefined;
}

function entryLine(
  doc: Document,
  path: readonly (string | number)[],
  lineCounter: LineCounter,
): number | undefined {
  const parent = doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(last));
    if (pair) return lineOf(pair.key, lineCounter);
  }
  return lineOf(doc.getIn(path, true), lineCounter);
}

function lineOf(node: unknown, lineCounter: LineCounter): number | undefined {
  if (!isNode(node) || !node.range) return undefined;
  return lineCounter.linePos(node.range[0]).line;
}

function asList<T>(value: T | readonly T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}

/** Drops undefined properties so objects fit `exactOptionalPropertyTypes`. */
export function definedOnly<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
