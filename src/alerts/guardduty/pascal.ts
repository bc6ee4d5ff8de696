/**
 * SDK v3 returns the same finding as the wire JSON with every key in PascalCase
 * (`Service.Count`, `Resource.InstanceDetails.InstanceId`, `Tags[].Key`) and some timestamps as
 * `Date`. Lower-casing each key's first letter gives the wire shape, so one schema serves both.
 * The input is not changed; a new tree is built.
 */
export function camelCaseKeys(value: unknown, depth = 0): unknown {
  // Findings are ~10 levels deep; a bound keeps a hostile input from exhausting the stack.
  if (depth > 64) return value;
  if (Array.isArray(value)) return value.map((item) => camelCaseKeys(item, depth + 1));
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  // fromEntries defines own properties, so a `__proto__` key stays data.
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key.charAt(0).toLowerCase() + key.slice(1),
      camelCaseKeys(inner, depth + 1),
    ]),
  );
}
