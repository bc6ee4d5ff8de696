/**
 * Limits for JSON that arrives from outside. `JSON.parse` copes with any nesting, but what runs
 * on the parsed value afterwards (JSON.stringify, zod, recursive normalizers) recurses, so a body
 * nested a few thousand levels deep overflows the stack far from where it came in. Intake checks
 * the depth right after parsing and refuses such input with a specific error instead.
 */

/** Deeper than any AWS event or Slack payload (GuardDuty findings nest about 12 levels). */
export const MAX_JSON_DEPTH = 64;

/** True when `value` nests arrays or objects more than `maxDepth` levels; iterative, so never overflows. */
export function exceedsJsonDepth(value: unknown, maxDepth: number = MAX_JSON_DEPTH): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (item.value === null || typeof item.value !== 'object') continue;
    const depth = item.depth + 1;
    if (depth > maxDepth) return true;
    for (const child of Object.values(item.value)) stack.push({ value: child, depth });
  }
  return false;
}
