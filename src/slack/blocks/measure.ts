/**
 * Total characters of text in a block tree: every `text` string of every text object. Slack
 * rejects messages with `msg_blocks_too_long` well before 50 full blocks, so builders budget it.
 */
export function blockTextLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + blockTextLength(item), 0);
  if (typeof value !== 'object' || value === null) return 0;
  let sum = 0;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'text' && typeof child === 'string') sum += child.length;
    else sum += blockTextLength(child);
  }
  return sum;
}
