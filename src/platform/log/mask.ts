/**
 * Masking for values that may be shown but never in full: access key ids keep their prefix
 * (which tells the key kind, AKIA long-term vs ASIA temporary) and last four characters.
 */
export function maskAccessKeyId(keyId: string): string {
  if (keyId.length <= 8) return '****';
  return `${keyId.slice(0, 4)}…${keyId.slice(-4)}`;
}

/** For config summaries: show that a secret is set, and nothing of it but its kind. */
export function maskSecret(value: string | undefined): string {
  if (!value) return '(not set)';
  const prefix = /^(xox[a-z]-|xapp-)/.exec(value)?.[1] ?? '';
  return `${prefix}**** (${value.length} chars)`;
}

const ACCESS_KEY_PATTERN = /\b((?:AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|AGPA)[A-Z0-9]{12,})\b/g;

/** Masks every access-key-like id inside free text (descriptions, CloudTrail evidence). */
export function maskAccessKeysInText(text: string): string {
  return text.replace(ACCESS_KEY_PATTERN, (id) =>
    id.startsWith('AKIA') || id.startsWith('ASIA') ? maskAccessKeyId(id) : id,
  );
}
