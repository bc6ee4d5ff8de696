/**
 * The one masking of secrets for everything that leaves the process: Slack calls, response_url
 * answers, log lines, the audit stream and exports all pass their strings through
 * {@link maskSecretsInText} (objects through {@link maskSecretsDeep}).
 *
 * Shapes masked:
 * - access key ids (AKIA long-term, ASIA temporary, ABIA, ACCA): the prefix, which tells the key
 *   kind, and the last four characters stay, so responders can still match them (`AKIA…WXYZ`);
 *   principal ids (AIDA, AROA…) are not credentials and stay whole;
 * - the value after a secret's usual name: secret access keys (`aws_secret_access_key=`,
 *   `"SecretAccessKey": "…"`), session tokens (`AWS_SESSION_TOKEN=`, `X-Amz-Security-Token=`,
 *   `x-amz-security-token:`) and request signatures (`X-Amz-Signature=`);
 * - Slack tokens (xoxb-, xoxp-, xapp-, xoxe-, xoxe.xoxp-…): the kind stays, the rest goes.
 *
 * A bare 40-character secret with no name before it cannot be told from a hash or an id and is
 * not masked. Every replacement is shorter than what it replaces, so a masked text never grows
 * past a limit that the original fitted, and it keeps JSON valid (log lines are masked as JSON
 * text): no quote or backslash is added or removed, and JSON numbers, true, false and null are
 * left alone.
 */

/** Access key ids in fields made to hold them (`actor.accessKeyId`): prefix and last four. */
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

/**
 * Strings longer than this are masked shape by shape only up to here; past it every token-like
 * run is masked (see {@link maskSecretsInText}), so the cost stays bounded and nothing is missed.
 */
export const MASK_EXACT_LIMIT = 64 * 1024;

const MASK = '****';

// Characters a secret value, token or signature is made of (base64, URL-encoding, hex).
const VALUE = '[A-Za-z0-9/+=%._~-]';
// Between a name and its value: quotes (JSON ones escaped once or more), spaces, `:` or `=`,
// URL-encoded or not. A lone backslash is never taken: it starts a JSON escape such as `\n`.
const SEPARATOR = `(?:[\\s"'\`:=]|\\\\+"|%3[ad]|%22|%20){1,12}`;
// A signature's name is a common word ("signature verification failed"): only `=` or `:` count.
const SIGNATURE_SEPARATOR = `(?:\\\\*"|')?\\s*(?:[:=]|%3[ad])\\s*(?:\\\\*"|'|%22)?`;

const NAMED_SECRET = new RegExp(
  `((?:secret[_-]?access[_-]?key|secret[_-]?key|session[_-]?token|security[_-]?token)${SEPARATOR}` +
    `|signature${SIGNATURE_SEPARATOR})(${VALUE}{4,})`,
  'gi',
);

// Case matters here (a lowercase "akia…" is an ordinary word), so these are a second pattern.
const SLACK_TOKEN_OR_KEY_ID = /(xox[a-z]|xapp)([-.])[A-Za-z0-9.-]{8,}|(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{12,}/g;

// A JSON number, true, false or null after a name: structure, not a secret (and replacing it
// would break the JSON of a log line).
const JSON_SCALAR = /^(?:-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|null|true|false)$/i;

function maskExact(text: string): string {
  return text
    .replace(NAMED_SECRET, (whole, name: string, value: string) =>
      JSON_SCALAR.test(value) ? whole : `${name}${MASK}`,
    )
    .replace(SLACK_TOKEN_OR_KEY_ID, (whole, kind: string | undefined, separator: string | undefined) =>
      kind === undefined ? maskAccessKeyId(whole) : `${kind}${separator ?? '-'}${MASK}`,
    );
}

// Past the exact limit: a JSON escape is kept whole (so none is cut in two), and every run of 12
// or more value characters that is not a number is masked. Conservative: it masks more than
// secrets, but only in text no one reads in full.
const TAIL_RUN = new RegExp(`\\\\(?:u[0-9a-fA-F]{4}|[\\s\\S])|${VALUE}{12,}`, 'g');

function maskTail(text: string): string {
  return text.replace(TAIL_RUN, (run) => (run.startsWith('\\') || JSON_SCALAR.test(run) ? run : MASK));
}

const VALUE_CHAR = new RegExp(VALUE);

/**
 * The shortest text any shape above can match: a Slack token, `xoxb-` and eight characters
 * (an access key id is 16, a named secret at least `signature=` and four).
 */
export const SHORTEST_SECRET_SHAPE = 13;

/** Where to cut a long text: at the limit, moved back so no token-like run is split. */
function cutPoint(text: string): number {
  const floor = MASK_EXACT_LIMIT - 1024;
  for (let i = MASK_EXACT_LIMIT; i > floor; i--) {
    if (!VALUE_CHAR.test(text.charAt(i - 1)) && text.charAt(i - 1) !== '\\') return i;
  }
  return MASK_EXACT_LIMIT;
}

/**
 * Masks every secret shape inside free text (user agents, titles, descriptions, URLs, log lines).
 * Idempotent, never throws, never makes the text longer. Text past {@link MASK_EXACT_LIMIT} is
 * masked conservatively: every long token-like run there is replaced.
 */
export function maskSecretsInText(text: string): string {
  // Most strings of a Slack call (block types, styles, short labels) are shorter than any
  // secret shape, and every call's every string passes here.
  if (text.length < SHORTEST_SECRET_SHAPE) return text;
  if (text.length <= MASK_EXACT_LIMIT) return maskExact(text);
  const cut = cutPoint(text);
  return maskExact(text.slice(0, cut)) + maskTail(text.slice(cut));
}

/**
 * The name card code has always used; it is the same masking, so a title, a description or a
 * link on a card never shows any secret shape, not only access key ids.
 */
export const maskAccessKeysInText: (text: string) => string = maskSecretsInText;

export interface DeepMaskOptions {
  /**
   * Keys whose values are passed through untouched, whole subtree included (Slack's `token`,
   * `channel`, `ts` and ids, which Slack must receive exactly).
   */
  readonly verbatim?: (key: string) => boolean;
}

/** Nesting deeper than this is not walked: it is replaced, never passed on unmasked. */
export const MASK_MAX_DEPTH = 32;

const normalizedKey = (key: string) => key.toLowerCase().replace(/[_-]/g, '');
const SECRET_KEYS = new Set([
  'secretaccesskey',
  'awssecretaccesskey',
  'sessiontoken',
  'awssessiontoken',
  'securitytoken',
  'xamzsecuritytoken',
]);
const KEY_ID_KEYS = new Set(['accesskeyid', 'awsaccesskeyid', 'accesskey']);
const KEY_ID_LIKE = /^[A-Z0-9]{16,128}$/;

function maskField(key: string | undefined, value: string): string {
  if (key !== undefined) {
    const k = normalizedKey(key);
    if (SECRET_KEYS.has(k)) return value === '' ? value : MASK;
    if (KEY_ID_KEYS.has(k) && KEY_ID_LIKE.test(value)) return maskAccessKeyId(value);
  }
  return maskSecretsInText(value);
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function walk(
  value: unknown,
  key: string | undefined,
  depth: number,
  ancestors: Set<object>,
  options: DeepMaskOptions,
): unknown {
  if (typeof value === 'string') return maskField(key, value);
  if (typeof value !== 'object' || value === null) return value;
  // Buffers, dates, streams and class instances are not text: passed on as they are.
  if (!Array.isArray(value) && !isPlainObject(value)) return value;
  if (depth >= MASK_MAX_DEPTH) return '[omitted: nested too deep]';
  if (ancestors.has(value)) return '[circular]';
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item, key, depth + 1, ancestors, options));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = options.verbatim?.(k) ? v : walk(v, k, depth + 1, ancestors, options);
    }
    return out;
  } finally {
    ancestors.delete(value);
  }
}

/**
 * A copy of a JSON-like value with every string masked ({@link maskSecretsInText}); fields named
 * for a secret (`secretAccessKey`, `sessionToken`) lose their value and access key id fields keep
 * only prefix and last four. The input is not changed. Never throws.
 */
export function maskSecretsDeep<T>(value: T, options: DeepMaskOptions = {}): T {
  return walk(value, undefined, 0, new Set(), options) as T;
}
