/**
 * The small glob dialect of runbook `match` lists: `*` matches any run of characters (including
 * `/`, which every GuardDuty type contains), `?` one character, everything else is literal.
 * picomatch is not used on purpose: its `*` stops at `/` and `!`, `[`, `{` carry meanings that
 * finding types (`Backdoor:EC2/C&CActivity.B!DNS`) would trip over.
 */

export interface CompiledGlob {
  readonly pattern: string;
  readonly exact: boolean;
  /** Characters before the first wildcard: the longer, the more specific. */
  readonly literalPrefix: number;
  /** Non-wildcard characters in all: breaks ties between equal prefixes. */
  readonly literalChars: number;
  readonly test: (value: string) => boolean;
}

/** Why a pattern is not a valid glob, or undefined when it is. */
export function globProblem(pattern: string): string | undefined {
  if (pattern.trim().length === 0) return 'pattern is empty';
  if (pattern !== pattern.trim()) return 'pattern has leading or trailing spaces';
  if (/[[\]{}]/.test(pattern)) return 'only * and ? wildcards are supported ([...] and {...} are not)';
  if (pattern.startsWith('!')) return 'negation (!pattern) is not supported: list the types to match instead';
  if (pattern.includes('**')) return 'use a single * (it already matches across "/")';
  if (/^[*?]+$/.test(pattern))
    return 'a pattern of wildcards only matches everything: use `sources` or `fallback: true`';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
  if (/[\u0000-\u001f\u007f]/.test(pattern)) return 'pattern contains control characters';
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

export function compileGlob(pattern: string): CompiledGlob {
  const firstWildcard = pattern.search(/[*?]/);
  const exact = firstWildcard === -1;
  const literalChars = pattern.replace(/[*?]/g, '').length;
  if (exact) {
    return {
      pattern,
      exact,
      literalPrefix: pattern.length,
      literalChars,
      test: (value) => value === pattern,
    };
  }
  const source = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : escapeRegExp(ch)))
    .join('');
  const regex = new RegExp(`^${source}$`, 'su');
  return { pattern, exact, literalPrefix: firstWildcard, literalChars, test: (value) => regex.test(value) };
}
