/**
 * Turns a request path into a metric label from a fixed table, so a label never carries what a
 * caller typed. Express matches paths case-insensitively and with or without a trailing slash;
 * the lookup does the same so `/Intake/SNS/` still counts as `sns`. Anything else is `other`.
 */

export const OTHER_ROUTE = 'other';

/** The routes this floor serves itself; the composition root adds the ones it mounts. */
export const PLATFORM_ROUTE_NAMES: Readonly<Record<string, string>> = {
  '/healthz': 'healthz',
  '/readyz': 'readyz',
};

export function routeLabeler(routeNames: Readonly<Record<string, string>>): (path: string) => string {
  const table = new Map(Object.entries(routeNames).map(([path, name]) => [normalize(path), name]));
  // One trailing slash more than the longest route; anything longer cannot match, so it is not
  // even lowercased (paths come from the request line, up to Node's header limit).
  const longest = Math.max(0, ...[...table.keys()].map((p) => p.length)) + 1;
  return (path) => (path.length > longest ? OTHER_ROUTE : (table.get(normalize(path)) ?? OTHER_ROUTE));
}

/** Lower case without trailing slashes; a loop, not a regex, so no input can make it slow. */
function normalize(path: string): string {
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end--;
  return path.slice(0, end).toLowerCase();
}
