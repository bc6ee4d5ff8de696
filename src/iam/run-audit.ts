import { InputError } from '../platform/errors.js';
import type { ActionCatalog, CheckContext } from './checks/check.js';
import { principalPermissions } from './engine/principals.js';
import {
  type AuditReport,
  type Finding,
  type Inventory,
  type PrincipalEvidence,
  SEVERITIES,
  type Severity,
} from './model.js';
import { CHECK_MODULES } from './rules/index.js';

/**
 * The access review: every check over one inventory, narrowed to a principal when asked, worst
 * first, with a score and the per-principal evidence a campaign shows its reviewers. Pure: the
 * same inventory, catalogue and `now` give the same report.
 */

export interface AuditOptions {
  readonly catalog: ActionCatalog;
  readonly now: Date;
  /** `account` (default), `user:NAME` or `role:NAME`. */
  readonly scope?: string;
}

/** Score weights per finding (see docs/access-reviews.md): one critical costs a quarter. */
export const SCORE_WEIGHTS: Readonly<Record<Severity, number>> = {
  critical: 25,
  high: 10,
  medium: 3,
  low: 1,
};

const RANK: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3 };

export function runAudit(inventory: Inventory, options: AuditOptions): AuditReport {
  const scope = options.scope ?? 'account';
  const target = parseScope(scope, inventory);
  const ctx: CheckContext = { inventory, now: options.now, catalog: options.catalog };
  const results = CHECK_MODULES.map((m) => m.run(ctx));
  let findings = results.flatMap((r) => r.findings);
  const skipped = results.flatMap((r) => r.skipped);
  if (target)
    findings = findings.filter((f) => f.principal.arn !== undefined && target.about.has(f.principal.arn));
  findings.sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] ||
      a.checkId.localeCompare(b.checkId) ||
      a.principal.name.localeCompare(b.principal.name),
  );
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity] += 1;
  const penalty = SEVERITIES.reduce((sum, s) => sum + SCORE_WEIGHTS[s] * counts[s], 0);
  let principals = evidence(ctx, findings);
  if (target) principals = principals.filter((p) => p.arn === target.arn);
  return {
    ...(inventory.accountId ? { accountId: inventory.accountId } : {}),
    generatedAt: options.now.toISOString(),
    scope,
    counts,
    score: Math.max(0, 100 - penalty),
    findings,
    principals,
    checksRun: CHECK_MODULES.flatMap((m) => m.definitions.map((d) => d.id)).filter(
      (id) => !skipped.some((s) => s.checkId === id),
    ),
    checksSkipped: skipped,
    ...(missing(inventory).length ? { incomplete: missing(inventory) } : {}),
    ...(inventory.unread?.length ? { unread: inventory.unread } : {}),
    ...(inventory.samlProviders
      ? {
          samlProviders: inventory.samlProviders.map((p) => ({
            ...p,
            expired: p.validUntil !== undefined && Date.parse(p.validUntil) <= options.now.getTime(),
          })),
        }
      : {}),
  };
}

/**
 * Inventory parts the checks need that the read did not return: the credential report and
 * password policy when absent, and the parts a read asked AWS for and did not get. (Parts nobody
 * asked for — the CLI without the file — only skip their checks, named under "Not checked".)
 */
export function missing(inventory: Inventory): string[] {
  return [
    ...(inventory.credentialReport === undefined ? ['credential report'] : []),
    ...(inventory.passwordPolicy === undefined ? ['password policy'] : []),
    ...(inventory.unread ?? []).map((u) => u.part),
  ];
}

const SHORT_NAME: Readonly<Record<string, string>> = { 'service control policies': 'SCPs' };

/**
 * "(partial: no credential report; SCPs not read: AWS refused organizations:ListPoliciesForTarget)",
 * or '' for a complete review.
 */
export function partialNote(report: Pick<AuditReport, 'incomplete' | 'unread'>): string {
  if (!report.incomplete?.length) return '';
  const reasons = new Map((report.unread ?? []).map((u) => [u.part as string, u.reason]));
  const plain = report.incomplete.filter((part) => !reasons.has(part));
  const parts = [
    ...(plain.length ? [`no ${plain.join(', no ')}`] : []),
    ...[...reasons].map(([part, reason]) => `${SHORT_NAME[part] ?? part} not read: ${reason}`),
  ];
  return ` (partial: ${parts.join('; ')})`;
}

/**
 * The principal a scoped review is about, and every ARN whose findings concern it: itself, the
 * managed policies attached to it, and for a user its groups and their policies.
 */
function parseScope(
  scope: string,
  inventory: Inventory,
): { arn: string; about: ReadonlySet<string> } | undefined {
  if (scope === 'account') return undefined;
  const match = /^(user|role):(.+)$/.exec(scope);
  if (!match) throw new InputError(`"${scope}" is not a review scope (account, user:NAME or role:NAME)`);
  const [, kind, name] = match;
  const list = kind === 'user' ? inventory.users : inventory.roles;
  const found = list.find((p) => p.name === name);
  if (!found)
    throw new InputError(
      `no ${kind} named ${name} in the inventory of ${inventory.accountId ?? 'this account'}`,
    );
  const about = new Set([found.arn, ...found.attachedPolicies.map((p) => p.arn)]);
  if ('groups' in found)
    for (const g of inventory.groups.filter((g) => found.groups.includes(g.name))) {
      about.add(g.arn);
      for (const p of g.attachedPolicies) about.add(p.arn);
    }
  return { arn: found.arn, about };
}

function zeroCounts(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

function latest(...times: (string | undefined)[]): string | undefined {
  return times
    .filter((t): t is string => t !== undefined)
    .sort()
    .at(-1);
}

/** What a reviewer sees about each user and role. */
function evidence(ctx: CheckContext, findings: readonly Finding[]): PrincipalEvidence[] {
  const permissions = principalPermissions(ctx);
  const report = new Map((ctx.inventory.credentialReport ?? []).map((r) => [r.arn, r]));
  // Counted once per principal ARN: a loop per principal would be quadratic on large accounts.
  const byArn = new Map<string, Record<Severity, number>>();
  for (const f of findings) {
    if (f.principal.arn === undefined) continue;
    let counts = byArn.get(f.principal.arn);
    if (!counts) {
      counts = zeroCounts();
      byArn.set(f.principal.arn, counts);
    }
    counts[f.severity] += 1;
  }
  const countsFor = (arn: string) => byArn.get(arn) ?? zeroCounts();
  const facts = (arn: string) => {
    const p = permissions.get(arn)?.permissions;
    // An admin can do every method; listing ~100 of them would only bury the "admin" flag.
    const admin = p?.admin ?? false;
    return { admin, escalationMethods: admin ? [] : (p?.escalations.map((e) => e.method) ?? []) };
  };
  const users = ctx.inventory.users.map((u): PrincipalEvidence => {
    const row = report.get(u.arn);
    const lastUsed = latest(row?.passwordLastUsed, ...(row?.accessKeys.map((k) => k.lastUsed) ?? []));
    return {
      kind: 'user',
      name: u.name,
      arn: u.arn,
      ...(lastUsed ? { lastUsed } : {}),
      consoleAccess: row?.passwordEnabled ?? false,
      mfa: row?.mfaActive ?? false,
      activeAccessKeys: row?.accessKeys.filter((k) => k.active).length ?? 0,
      ...facts(u.arn),
      findingCounts: countsFor(u.arn),
    };
  });
  const roles = ctx.inventory.roles
    .filter((r) => !r.path.startsWith('/aws-service-role/'))
    .map(
      (r): PrincipalEvidence => ({
        kind: 'role',
        name: r.name,
        arn: r.arn,
        ...(r.lastUsed ? { lastUsed: r.lastUsed } : {}),
        consoleAccess: false,
        mfa: false,
        activeAccessKeys: 0,
        ...facts(r.arn),
        findingCounts: countsFor(r.arn),
      }),
    );
  return [...users, ...roles];
}
