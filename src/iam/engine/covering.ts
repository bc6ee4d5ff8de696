import type { PolicyStatement } from '../model.js';
import { hasBit, maskCovers, relevantIndex } from './permissions.js';
import type { PolicySet, SourcedStatement } from './policy-set.js';
import { wildcardMatches } from './policy-variables.js';

/**
 * The statements of a list whose Action (or NotAction) covers one action, by effect, in list
 * order. A principal's request is decided many times for the same action (once per candidate
 * target), and its identity holds ~100 statements on a large account of which a handful cover
 * any one action: filtering once per list and action replaced ~30 million statement tests per
 * 10,000-principal review with a few hundred thousand.
 */

export interface Covering {
  readonly allow: readonly SourcedStatement[];
  readonly deny: readonly SourcedStatement[];
}

const NONE: readonly SourcedStatement[] = [];
const NOTHING: Covering = { allow: NONE, deny: NONE };

/** Per statement list (a principal's identity, a boundary, an SCP), per action. */
const byList = new WeakMap<readonly SourcedStatement[], Map<string, Covering>>();

/** The list asked about last and its answers: one principal's requests are decided one after the other. */
let last: { list: readonly SourcedStatement[]; byAction: Map<string, Covering> } | undefined;

function answersFor(list: readonly SourcedStatement[]): Map<string, Covering> {
  if (last?.list === list) return last.byAction;
  let byAction = byList.get(list);
  if (!byAction) {
    byAction = new Map();
    byList.set(list, byAction);
  }
  last = { list, byAction };
  return byAction;
}

export function covering(statements: readonly SourcedStatement[], action: string): Covering {
  const byAction = answersFor(statements);
  let found = byAction.get(action);
  if (!found) {
    found = filterCovering(statements, action);
    byAction.set(action, found);
  }
  return found;
}

/**
 * `covering` of a principal's identity statements, through the lists they were assembled from when
 * known (its own, then each group's): a group's statements are then filtered once per action for
 * all its members instead of once per member, the bulk of the filtering on a large account.
 */
export function identityCovering(set: PolicySet, action: string): Covering {
  const parts = set.identityParts;
  if (!parts) return covering(set.identity, action);
  const byAction = answersFor(set.identity);
  let found = byAction.get(action);
  if (!found) {
    found = joined(parts.map((part) => covering(part, action)));
    byAction.set(action, found);
  }
  return found;
}

/** The coverings of consecutive lists as one, in order. */
function joined(coverings: readonly Covering[]): Covering {
  const nonEmpty = coverings.filter((c) => c !== NOTHING);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? NOTHING;
  const allow: SourcedStatement[] = [];
  const deny: SourcedStatement[] = [];
  for (const c of nonEmpty) {
    for (const s of c.allow) allow.push(s);
    for (const s of c.deny) deny.push(s);
  }
  return { allow: allow.length ? allow : NONE, deny: deny.length ? deny : NONE };
}

function filterCovering(statements: readonly SourcedStatement[], action: string): Covering {
  const allow: SourcedStatement[] = [];
  const deny: SourcedStatement[] = [];
  // `covers`, with the action's bit looked up once for the whole list.
  const index = relevantIndex(action);
  for (const s of statements) {
    const covered =
      s.actions && index !== undefined ? hasBit(s.actions, index) : actionMatches(s.statement, action);
    if (!covered) continue;
    if (s.statement.Effect === 'Allow') allow.push(s);
    else if (s.statement.Effect === 'Deny') deny.push(s);
  }
  if (!allow.length && !deny.length) return NOTHING;
  return { allow: allow.length ? allow : NONE, deny: deny.length ? deny : NONE };
}

/** Whether the statement's Action/NotAction covers the action: a bit test when its mask is known. */
export function covers(s: SourcedStatement, action: string): boolean {
  const covered = s.actions ? maskCovers(s.actions, action) : undefined;
  return covered ?? actionMatches(s.statement, action);
}

/** Per statement object: managed policies' statements are shared by every principal they apply to. */
const actionMatchCache = new WeakMap<PolicyStatement, Map<string, boolean>>();

export function actionMatches(statement: PolicyStatement, action: string): boolean {
  let cache = actionMatchCache.get(statement);
  if (!cache) {
    cache = new Map();
    actionMatchCache.set(statement, cache);
  }
  let matches = cache.get(action);
  if (matches === undefined) {
    matches = statement.Action
      ? statement.Action.some((p) => wildcardMatches(p, action, true))
      : !(statement.NotAction ?? []).some((p) => wildcardMatches(p, action, true));
    cache.set(action, matches);
  }
  return matches;
}
