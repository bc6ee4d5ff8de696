import type { PolicyStatement } from '../model.js';

/** How the role checks read a trust policy statement: who it names and what limits it. */

/** Conditions that pin a cross-account trust to a known party or to the organization. */
export const GUARD_KEYS = [
  'sts:externalid',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:sourceorgid',
];

export const SERVICE_LINKED = '/aws-service-role/';

export function awsPrincipals(statement: PolicyStatement): readonly string[] {
  if (statement.Principal === '*') return ['*'];
  return statement.Principal?.AWS ?? [];
}

export function servicePrincipals(statement: PolicyStatement): readonly string[] {
  if (statement.Principal === '*') return [];
  return statement.Principal?.Service ?? [];
}

/** Condition keys of the statement, lower-case. */
export function conditionKeys(statement: PolicyStatement): string[] {
  return Object.values(statement.Condition ?? {}).flatMap((byKey) =>
    Object.keys(byKey).map((k) => k.toLowerCase()),
  );
}

/** The account of `123456789012`, `arn:aws:iam::123456789012:root` or `…:role/x`; undefined for `*`. */
export function accountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  const account = principal.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/** Whether the statement's actions include assuming the role (`sts:AssumeRole`, `sts:*`, `*`). */
export function allowsAssumeRole(statement: PolicyStatement): boolean {
  return (statement.Action ?? []).some((a) => /^(\*|sts:\*|sts:assumerole)$/i.test(a));
}
