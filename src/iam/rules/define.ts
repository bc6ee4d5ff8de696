import type { CheckDefinition, Finding, Inventory, OptionalPart, PrincipalRef } from '../model.js';

/** Builds findings of one check with its severity and fix, so modules never restate them. */
export function findingOf(check: CheckDefinition, principal: PrincipalRef, evidence: string): Finding {
  return { checkId: check.id, severity: check.severity, principal, evidence, fix: check.fix };
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `iso` to `now` (0 when in the future). */
export function daysSince(iso: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / DAY_MS));
}

/** "a, b, c and 4 more": evidence stays short whatever the inventory. */
export function listSome(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** Why a check that needs `part` did not run: what AWS answered when it was asked, or that nobody asked. */
export function unreadReason(inventory: Inventory, part: OptionalPart): string {
  const unread = inventory.unread?.find((u) => u.part === part);
  return unread ? `${part} not read: ${unread.reason}` : `${part} not supplied`;
}
