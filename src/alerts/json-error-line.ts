/**
 * Where a JSON document first goes wrong, as a 1-based line. Node's JSON.parse messages give a
 * position only for some errors ("Unexpected token" has none), so this finds the shortest
 * prefix that fails for a reason other than running out of input. Any prefix longer than that
 * one fails too, which is what makes the binary search valid.
 */

function failsBeforeEnd(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/end of JSON input/i.test(message)) return false;
    const position = /at position (\d+)/.exec(message)?.[1];
    return position === undefined || Number(position) < prefix.length;
  }
}

export function jsonErrorLine(text: string): number {
  let low = 1;
  let high = text.length;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (failsBeforeEnd(text.slice(0, mid))) high = mid;
    else low = mid + 1;
  }
  // The last character of that prefix is the first one the parser rejects.
  return text.slice(0, low - 1).split('\n').length;
}
