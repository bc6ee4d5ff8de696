/**
 * POSIX shell quoting for values placed in copy-ready commands. A value made only of characters
 * that the shell never interprets stays bare (readable commands); anything else is single-quoted,
 * with embedded single quotes written as '\'' so no value can end the quoting early.
 */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellQuote(value: string): string {
  if (value.length > 0 && SHELL_SAFE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
