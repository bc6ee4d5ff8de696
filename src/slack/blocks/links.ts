import { BLOCK_LIMITS as L } from './limits.js';
import { safeMrkdwnLine } from './text.js';

/**
 * An http(s) URL fit for Slack, or undefined. Untrusted links (from AWS payloads) are re-serialized
 * by the WHATWG parser, and `|`, `<`, `>` are percent-encoded so they cannot close a `<url|label>`.
 */
export function safeUrl(raw: string | undefined, max: number = L.url): string | undefined {
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  if (parsed.username || parsed.password) return undefined;
  const href = parsed.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E');
  return href.length <= max ? href : undefined;
}

/** A mrkdwn link `<url|label>` with the label escaped; the bare label when the URL is unusable. */
export function mrkdwnLink(raw: string | undefined, label: string, max = 1000): string {
  const url = safeUrl(raw, max);
  const text = safeMrkdwnLine(label).replace(/\|/g, '¦');
  return url ? `<${url.replace(/&/g, '&amp;')}|${text}>` : text;
}
