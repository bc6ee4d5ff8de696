/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`...) resolved for one principal,
 * so `arn:aws:iam::*:user/${aws:username}` means "this user" for each user it applies to, as AWS
 * evaluates it. A variable the analysis cannot know (a session's `aws:userid`, a request's
 * `aws:SourceIp`) makes the whole pattern unresolvable: `undefined`, so callers treat the
 * statement as undecided instead of guessing a value.
 */

/** What the analysis knows about a request. */
export interface RequestContextValues {
  /**
   * The value of a condition key (lower-case): a string; `null` when the request certainly has no
   * such key (`aws:username` for a role); `undefined` when the inventory cannot tell.
   */
  value(key: string): string | null | undefined;
}

const VARIABLE = /\$\{([^}]*)\}/g;
/** `${*}`, `${?}`, `${$}` stand for the literal characters. */
const LITERAL_STAR = '\uE000';
const LITERAL_QMARK = '\uE001';
const LITERALS: Readonly<Record<string, string>> = { '*': LITERAL_STAR, '?': LITERAL_QMARK, $: '$' };

/**
 * The pattern with its variables replaced; `undefined` when one of them is unknown, `null` when one
 * is certainly absent (AWS then matches nothing). Literal `*` and `?` are returned as placeholders
 * that `wildcardRegExp` turns back into literal characters.
 */
export function resolveVariables(pattern: string, context: RequestContextValues): string | null | undefined {
  if (!pattern.includes('${')) return pattern;
  let unknown = false;
  let absent = false;
  const resolved = pattern.replace(VARIABLE, (_whole, inner: string) => {
    const literal = LITERALS[inner];
    if (literal !== undefined) return literal;
    // `${aws:username, 'default'}`: the default applies when the key is absent.
    const [key = '', fallback] = inner.split(',').map((s) => s.trim());
    const value = context.value(key.toLowerCase());
    if (typeof value === 'string') return value;
    if (fallback !== undefined && /^'.*'$/.test(fallback)) return fallback.slice(1, -1);
    if (value === null) absent = true;
    else unknown = true;
    return '';
  });
  return unknown ? undefined : absent ? null : resolved;
}

const cache = new Map<string, RegExp>();

/** `*` any run of characters, `?` one character; everything else literal. */
export function wildcardRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const key = `${caseInsensitive ? 'i' : 's'}${pattern}`;
  let re = cache.get(key);
  if (!re) {
    const body = pattern
      .split('')
      .map((c) => {
        if (c === '*') return '.*';
        if (c === '?') return '.';
        if (c === LITERAL_STAR) return '\\*';
        if (c === LITERAL_QMARK) return '\\?';
        return c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      })
      .join('');
    re = new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's');
    // Patterns come from the inventory; the cap keeps a huge account from growing it unbounded.
    if (cache.size > 200_000) cache.clear();
    cache.set(key, re);
  }
  return re;
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/**
 * Whether `value` matches the policy pattern: equality when the pattern has no wildcard (most
 * ARNs and action names), a cached regular expression otherwise. Action names are compared
 * without case; for them a different service prefix rejects without a regular expression.
 */
export function wildcardMatches(pattern: string, value: string, caseInsensitive: boolean): boolean {
  if (pattern === '*') return true;
  if (!hasWildcard(pattern) && !pattern.includes(LITERAL_STAR) && !pattern.includes(LITERAL_QMARK))
    return caseInsensitive
      ? pattern.length === value.length && pattern.toLowerCase() === value.toLowerCase()
      : pattern === value;
  if (caseInsensitive) {
    const colon = pattern.indexOf(':');
    const service = colon > 0 ? pattern.slice(0, colon) : '';
    if (service && !hasWildcard(service) && !value.toLowerCase().startsWith(`${service.toLowerCase()}:`))
      return false;
  }
  return wildcardRegExp(pattern, caseInsensitive).test(value);
}
