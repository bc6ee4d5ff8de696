/**
 * Redis Cluster hashes only the part of a key between the first `{` and the next `}` when that
 * part is not empty (the hash tag). Keys that share a tag share a slot, which Lua scripts,
 * MULTI/EXEC and multi-key commands need on a cluster.
 */
export function hashTagOf(key: string): string | undefined {
  const open = key.indexOf('{');
  if (open === -1) return undefined;
  const close = key.indexOf('}', open + 1);
  if (close === -1 || close === open + 1) return undefined;
  return key.slice(open + 1, close);
}

/** Why a key prefix cannot be used on a cluster, or undefined when it can. */
export function clusterPrefixProblem(prefix: string): string | undefined {
  if (hashTagOf(prefix) !== undefined) return undefined;
  return (
    `"${prefix}" has no hash tag: on Redis Cluster every key of a queue, Lua script and ` +
    'transaction must hash to one slot, so the prefix must contain a non-empty {…} part, like ' +
    `{${prefix.replace(/[{}]/g, '') || 'wk'}}`
  );
}
