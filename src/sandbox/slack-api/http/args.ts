import { boundaryOf, parseMultipart } from './multipart.js';

export type RawArgs = Record<string, unknown>;

export type ParsedArgs =
  | { ok: true; args: RawArgs; format: 'form' | 'json' | 'query' | 'multipart'; warnings: string[] }
  | { ok: false; error: 'invalid_json' | 'invalid_form_data' };

/**
 * Parses a Web API request the way Slack accepts it: form-encoded (what WebClient sends, with
 * objects JSON-stringified), JSON (token only in the Authorization header), multipart, and query
 * string arguments on top.
 */
export function parseApiArgs(
  contentType: string | undefined,
  body: Buffer,
  query: URLSearchParams,
): ParsedArgs {
  const args: RawArgs = Object.fromEntries(query.entries());
  const type = (contentType ?? '').toLowerCase();
  if (body.length === 0) return { ok: true, args, format: 'query', warnings: [] };
  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return { ok: false, error: 'invalid_json' };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return { ok: false, error: 'invalid_json' };
    // Slack ignores a token inside a JSON body; it must come as a bearer header.
    const { token: _ignored, ...rest } = parsed as RawArgs;
    const warnings = /charset=utf-8/i.test(type) ? [] : ['missing_charset'];
    return { ok: true, args: { ...args, ...rest }, format: 'json', warnings };
  }
  if (type.startsWith('multipart/form-data')) {
    const boundary = boundaryOf(contentType ?? '');
    const parts = boundary ? parseMultipart(body, boundary) : undefined;
    if (!parts) return { ok: false, error: 'invalid_form_data' };
    for (const part of parts)
      args[part.name] = part.filename === undefined ? part.data.toString('utf8') : part.data;
    return { ok: true, args, format: 'multipart', warnings: [] };
  }
  if (type === '' || type.startsWith('application/x-www-form-urlencoded')) {
    const text = body.toString('utf8');
    if (!/^[\x20-\x7e\r\n\t]*$/.test(text)) return { ok: false, error: 'invalid_form_data' };
    for (const [key, value] of new URLSearchParams(text)) args[key] = value;
    return { ok: true, args, format: 'form', warnings: [] };
  }
  return { ok: false, error: 'invalid_form_data' };
}
