import type { ActionCatalog } from '../checks/check.js';
import type { PolicyDocument } from '../model.js';
import { ESCALATION_ACTIONS, ESCALATION_METHODS } from './escalation-methods.js';
import { allowsEveryAction, isCertainDeny, type StatementRef } from './statements.js';

/**
 * Which of the escalation-relevant actions a set of policies allows, after Deny. Each document is
 * analysed once into a small result (bit masks over the ~150 relevant actions, plus the first
 * statement granting each), then principals combine the results of their documents: that keeps
 * an account of thousands of principals and policies well under a second.
 *
 * Allow statements count whatever their resource or condition (an escalation that needs the right
 * resource is still an escalation path); see `isCertainDeny` for which Deny statements subtract.
 */

const RELEVANT: readonly string[] = [...new Set([...ESCALATION_ACTIONS, 'sts:AssumeRole'])];
const INDEX = new Map(RELEVANT.map((a, i) => [a.toLowerCase(), i]));
const WORDS = Math.ceil(RELEVANT.length / 32);

export type Mask = Uint32Array;
const emptyMask = (): Mask => new Uint32Array(WORDS);
const setBit = (m: Mask, i: number) => {
  m[i >>> 5] = (m[i >>> 5] ?? 0) | (1 << (i & 31));
};
const hasBit = (m: Mask, i: number) => ((m[i >>> 5] ?? 0) & (1 << (i & 31))) !== 0;

export interface DocumentAnalysis {
  readonly allow: Mask;
  readonly deny: Mask;
  /** First statement granting each relevant action (by index). */
  readonly grants: ReadonlyMap<number, StatementRef>;
  /** Allows `*` on `*`. */
  readonly adminAllow: boolean;
  /** Denies `*` on `*` without condition. */
  readonly adminDeny: boolean;
}

export class PermissionAnalyzer {
  readonly #catalog: ActionCatalog;
  readonly #patternMasks = new Map<string, Mask>();

  constructor(catalog: ActionCatalog) {
    this.#catalog = catalog;
  }

  /** Relevant actions a pattern matches, via the catalogue (so only real action names count). */
  patternMask(pattern: string): Mask {
    const key = pattern.toLowerCase();
    let mask = this.#patternMasks.get(key);
    if (!mask) {
      mask = emptyMask();
      for (const action of this.#catalog.expand(pattern)) {
        const i = INDEX.get(action.toLowerCase());
        if (i !== undefined) setBit(mask, i);
      }
      this.#patternMasks.set(key, mask);
    }
    return mask;
  }

  #statementMask(patterns: readonly string[], negated: boolean): Mask {
    const mask = emptyMask();
    for (const p of patterns) {
      const m = this.patternMask(p);
      for (let w = 0; w < WORDS; w++) mask[w] = (mask[w] ?? 0) | (m[w] ?? 0);
    }
    if (negated) for (let w = 0; w < WORDS; w++) mask[w] = ~(mask[w] ?? 0);
    return mask;
  }

  analyse(document: PolicyDocument, source: string): DocumentAnalysis {
    const allow = emptyMask();
    const deny = emptyMask();
    const grants = new Map<number, StatementRef>();
    let adminAllow = false;
    let adminDeny = false;
    document.Statement.forEach((statement, index) => {
      const mask = statement.Action
        ? this.#statementMask(statement.Action, false)
        : this.#statementMask(statement.NotAction ?? [], true);
      if (statement.Effect === 'Allow') {
        const ref: StatementRef = { source, index, ...(statement.Sid ? { sid: statement.Sid } : {}) };
        for (let i = 0; i < RELEVANT.length; i++) if (hasBit(mask, i) && !grants.has(i)) grants.set(i, ref);
        for (let w = 0; w < WORDS; w++) allow[w] = (allow[w] ?? 0) | (mask[w] ?? 0);
        if (allowsEveryAction(statement) && statement.Resource?.includes('*') && !statement.NotResource)
          adminAllow = true;
      } else if (isCertainDeny(statement)) {
        for (let w = 0; w < WORDS; w++) deny[w] = (deny[w] ?? 0) | (mask[w] ?? 0);
        if (allowsEveryAction(statement)) adminDeny = true;
      }
    });
    return { allow, deny, grants, adminAllow, adminDeny };
  }
}

export interface EscalationPath {
  readonly method: string;
  /** Each action of the method and the statement that grants it. */
  readonly grants: ReadonlyArray<{ readonly action: string; readonly by: StatementRef }>;
}

export interface EffectivePermissions {
  readonly admin: boolean;
  readonly escalations: readonly EscalationPath[];
  /** Whether an action among the relevant ones is allowed after Deny. */
  allows(action: string): boolean;
}

const METHOD_INDEXES = ESCALATION_METHODS.map((m) => ({
  name: m.name,
  actions: m.actions,
  indexes: m.actions.map((a) => INDEX.get(a.toLowerCase()) as number),
}));

/** All of a principal's documents together: Allow from any, minus a certain Deny from any. */
export function combine(analyses: readonly DocumentAnalysis[]): EffectivePermissions {
  const allow = emptyMask();
  const deny = emptyMask();
  let adminAllow = false;
  let adminDeny = false;
  for (const a of analyses) {
    for (let w = 0; w < WORDS; w++) {
      allow[w] = (allow[w] ?? 0) | (a.allow[w] ?? 0);
      deny[w] = (deny[w] ?? 0) | (a.deny[w] ?? 0);
    }
    adminAllow ||= a.adminAllow;
    adminDeny ||= a.adminDeny;
  }
  const effective = (i: number) => hasBit(allow, i) && !hasBit(deny, i);
  const grantOf = (i: number): StatementRef => {
    for (const a of analyses) {
      const ref = a.grants.get(i);
      if (ref) return ref;
    }
    throw new Error('granted action without a granting statement');
  };
  const escalations: EscalationPath[] = [];
  for (const method of METHOD_INDEXES) {
    if (method.indexes.every(effective))
      escalations.push({
        method: method.name,
        grants: method.indexes.map((i, k) => ({ action: method.actions[k] as string, by: grantOf(i) })),
      });
  }
  return {
    admin: adminAllow && !adminDeny,
    escalations,
    allows(action) {
      const i = INDEX.get(action.toLowerCase());
      return i !== undefined && effective(i);
    },
  };
}
