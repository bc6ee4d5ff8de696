/**
 * Appends to the list kept under `key`, in place. The analysis groups by policy or principal on
 * accounts with thousands of attachments: copying the list on each append (`[...old, x]`) made
 * those groupings quadratic.
 */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
