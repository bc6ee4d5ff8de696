/**
 * IAM-style wildcards for owners.yaml: `*` matches any run of characters (slashes and colons
 * included, as in IAM policy ARNs), `?` matches one character, everything else is literal and
 * case-sensitive. Picomatch's path semantics (where `*` stops at `/`) would surprise anyone who
 * writes `arn:aws:iam::111122223333:role/*` expecting it to cover role paths.
 */
export function wildcardToRegExp(pattern: string): RegExp {
  let source = '';
  for (const char of pattern) {
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else source += char.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'su');
}

/** A literal pattern beats a wildcard one when a person reads which rule is more specific. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}
