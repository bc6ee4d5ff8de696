import type { ActionCatalog } from '../checks/check.js';
import type { PolicyDocument, PolicyStatement } from '../model.js';
import { ESCALATION_ACTIONS, ESCALATION_METHODS } from './escalation-methods.js';
import { allowsEveryAction, isCertainDeny } from './statements.js';

/**
 * Which of the escalation-relevant actions a set of policies allows, after Deny. Each document is
 * analysed once into a small result (bit masks over the ~150 relevant actions, plus the first
 * statement granting each), then principals combine the results of their documents: that keeps
 * an account of thousands of principals and policies well under a second.
 *
 * This is the coarse pass: Allow statements count whatever their resource or condition, and only
 * Denies that certainly apply subtract (`isCertainDeny`). It is an upper bound that lets the
 * precise, per-resource analysis (escalation-analysis.ts) look only at methods that could hold.
 */

const RELEVANT: readonly string[] = [...new Set([...ESCALATION_ACTIONS, 'sts:AssumeRole'])];
const INDEX = new Map(RELEVANT.map((a, i) => [a.toLowerCase(), i]));
const WORDS = Math.ceil(RELEVANT.length / 32);

export type Mask = Uint32Array;
const emptyMask = (): Mask => new Uint32Array(WORDS);
const setBit = (m: Mask, i: number) => {
  m[i >>> 5] = (m[i >>> 5] ?? 0) | (1 << (i & 31));
};
export const hasBit = (m: Mask, i: number): boolean => ((m[i >>> 5] ?? 0) & (1 << (i & 31))) !== 0;
/** Bits of real actions only: a NotAction's complement must not set bits past the last action. */
const VALID: Mask = emptyMask();
for (let i = 0; i < RELEVANT.length; i++) setBit(VALID, i);

/** Shared by every statement that covers no relevant action. */
const NO_ACTIONS: Mask = emptyMask();

export interface DocumentAnalysis {
  readonly allow: Mask;
  readonly deny: Mask;
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
    // Looked up as written first: lower-casing every pattern of every statement cost a string each.
    const exact = this.#patternMasks.get(pattern);
    if (exact) return exact;
    const key = pattern.toLowerCase();
    let mask = this.#patternMasks.get(key);
    if (mask) this.#patternMasks.set(pattern, mask);
    else {
      mask = emptyMask();
      for (const action of this.#catalog.expand(pattern)) {
        const i = INDEX.get(action.toLowerCase());
        if (i !== undefined) setBit(mask, i);
      }
      this.#patternMasks.set(key, mask);
      this.#patternMasks.set(pattern, mask);
    }
    return mask;
  }

  /**
   * Masks are never written once made, so statements share them where they can: one pattern's
   * mask, or the empty one (most statements name no escalation action). A large account has
   * ~60,000 statements, each a typed array before.
   */
  #statementMask(patterns: readonly string[], negated: boolean): Mask {
    if (!negated && patterns.length === 1) return this.patternMask(patterns[0] as string);
    const mask = emptyMask();
    for (const p of patterns) {
      const m = this.patternMask(p);
      for (let w = 0; w < WORDS; w++) mask[w] = (mask[w] ?? 0) | (m[w] ?? 0);
    }
    if (negated) for (let w = 0; w < WORDS; w++) mask[w] = ~(mask[w] ?? 0);
    else if (mask.every((w) => w === 0)) return NO_ACTIONS;
    return mask;
  }

  readonly #statementMasks = new WeakMap<PolicyStatement, Mask>();

  /** The relevant actions a statement's Action (or NotAction) covers; cached per statement. */
  actionsOf(statement: PolicyStatement): Mask {
    let mask = this.#statementMasks.get(statement);
    if (!mask) {
      mask = statement.Action
        ? this.#statementMask(statement.Action, false)
        : this.#statementMask(statement.NotAction ?? [], true);
      this.#statementMasks.set(statement, mask);
    }
    return mask;
  }

  analyse(document: PolicyDocument): DocumentAnalysis {
    const allow = emptyMask();
    const deny = emptyMask();
    let adminAllow = false;
    let adminDeny = false;
    for (const statement of document.Statement) {
      const mask = this.actionsOf(statement);
      if (statement.Effect === 'Allow') {
        for (let w = 0; w < WORDS; w++) allow[w] = (allow[w] ?? 0) | (mask[w] ?? 0);
        if (allowsEveryAction(statement) && statement.Resource?.includes('*') && !statement.NotResource)
          adminAllow = true;
      } else if (isCertainDeny(statement)) {
        for (let w = 0; w < WORDS; w++) deny[w] = (deny[w] ?? 0) | (mask[w] ?? 0);
        if (allowsEveryAction(statement)) adminDeny = true;
      }
    }
    return { allow, deny, adminAllow, adminDeny };
  }
}

/** A method whose actions all pass the coarse check: worth the precise, per-resource analysis. */
export interface CandidateMethod {
  readonly name: string;
  readonly actions: readonly string[];
}

/**
 * What a principal's identity policies allow, resource- and condition-blind (Allow from any
 * document, minus a Deny on every resource without condition): an upper bound, cheap to compute
 * for every principal, used to skip methods that cannot hold and to compare how privileged two
 * principals are.
 */
export interface CoarsePermissions {
  /** Allows "*" on "*" and no unconditional Deny "*" takes it away. */
  readonly admin: boolean;
  /** Relevant actions allowed after certain Denies. */
  readonly mask: Mask;
  /** Methods whose every action some Allow grants (before Deny): what the precise pass checks. */
  readonly candidates: readonly CandidateMethod[];
  /** Methods that survive certain Denies, as bits (index in the method list), to compare two principals cheaply. */
  readonly methodMask: Mask;
}

const METHOD_INDEXES = ESCALATION_METHODS.map((m) => {
  const bits = emptyMask();
  for (const a of m.actions) setBit(bits, INDEX.get(a.toLowerCase()) as number);
  return { name: m.name, actions: m.actions, bits };
});

export function combine(analyses: readonly DocumentAnalysis[]): CoarsePermissions {
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
  const mask = emptyMask();
  for (let w = 0; w < WORDS; w++) mask[w] = (allow[w] ?? 0) & ~(deny[w] ?? 0) & (VALID[w] ?? 0);
  const methodMask = new Uint32Array(METHOD_WORDS);
  const candidates: CandidateMethod[] = [];
  // Plain loops over bit masks: this runs once per principal, ~100 methods each.
  for (let k = 0; k < METHOD_INDEXES.length; k++) {
    const m = METHOD_INDEXES[k] as (typeof METHOD_INDEXES)[number];
    // Candidates before Deny, so the precise pass can say which Deny stopped a method.
    if (!subset(m.bits, allow)) continue;
    candidates.push(m);
    if (subset(m.bits, mask)) setBit(methodMask, k);
  }
  return { admin: adminAllow && !adminDeny, mask, candidates, methodMask };
}

const METHOD_WORDS = Math.ceil(METHOD_INDEXES.length / 32);

/**
 * IAM and STS changes (not reads): holding one is power over identities even when no whole method
 * is allowed. Reads and single workload actions (s3:GetObject, lambda:InvokeFunction) are not.
 */
const POWER: Mask = emptyMask();
RELEVANT.forEach((action, i) => {
  const [service = '', name = ''] = action.toLowerCase().split(':');
  if ((service === 'iam' || service === 'sts') && !/^(get|list)/.test(name)) setBit(POWER, i);
});

/** Whether every bit of `a` (within `mask`, when given) is set in `b`. */
function subset(a: Mask, b: Mask, mask?: Mask): boolean {
  for (let w = 0; w < a.length; w++)
    if (((a[w] ?? 0) & ~(b[w] ?? 0) & (mask ? (mask[w] ?? 0) : ~0)) !== 0) return false;
  return true;
}

/**
 * Whether `a` may do something `b` may not: admin over non-admin, an escalation method (by the
 * coarse pass) or an IAM/STS change `b` lacks. What "more privileged" means for a target of an
 * escalation: taking it over adds power over identities the principal did not have. Data access
 * alone (a role that reads one bucket) does not count.
 */
export function outranks(a: CoarsePermissions, b: CoarsePermissions): boolean {
  if (b.admin) return false;
  if (a.admin) return true;
  return !subset(a.methodMask, b.methodMask) || !subset(a.mask, b.mask, POWER);
}

/** Whether the mask covers one relevant action; `undefined` for an action outside the relevant set. */
export function maskCovers(mask: Mask, action: string): boolean | undefined {
  const i = relevantIndex(action);
  return i === undefined ? undefined : hasBit(mask, i);
}
const EXACT_INDEX = new Map(RELEVANT.map((a, i) => [a, i]));

/** The action's bit in the masks, `undefined` for an action outside the relevant set. */
export function relevantIndex(action: string): number | undefined {
  return EXACT_INDEX.get(action) ?? INDEX.get(action.toLowerCase());
}

/** Grants power over identities: a policy worth attaching to escalate. */
export function hasPower(p: CoarsePermissions): boolean {
  return p.admin || p.methodMask.some((w) => w !== 0) || !subset(p.mask, emptyMask(), POWER);
}
