import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { InputError, type Problem } from '../../platform/errors.js';
import { readBody } from '../slack-api/http/body.js';
import { sendJson } from '../slack-api/http/reply.js';

/** Largest body the UI sends (a modal's values); anything bigger is not from the page. */
const MAX_UI_BODY_BYTES = 256 * 1024;

export type Parsed<T> = { ok: true; value: T } | { ok: false };

function problemsOf(error: z.ZodError): Problem[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
}

/** Answers 400 with what was wrong, naming the field, in one shape for every UI route. */
export function sendInputError(res: ServerResponse, error: InputError): void {
  sendJson(res, 400, {
    ok: false,
    error: 'invalid_request',
    reason: error.message,
    problems: error.problems,
  });
}

/**
 * Reads a JSON body and checks it against a schema; on failure answers (415, 413 or 400 with
 * the reason) and returns `ok: false`. Requiring `application/json` also keeps other web pages
 * from posting plain forms at the sandbox (a cross-site JSON post needs a CORS preflight).
 */
export async function readJson<S extends z.ZodType>(
  req: IncomingMessage,
  res: ServerResponse,
  schema: S,
  route: string,
): Promise<Parsed<z.output<S>>> {
  const type = String(req.headers['content-type'] ?? '');
  if (!type.toLowerCase().startsWith('application/json')) {
    sendJson(res, 415, {
      ok: false,
      error: 'unsupported_media_type',
      reason: `${route} takes application/json`,
    });
    return { ok: false };
  }
  const body = await readBody(req, MAX_UI_BODY_BYTES);
  if (!body.ok) {
    sendJson(res, 413, { ok: false, error: 'request_too_large', reason: `${route} body is too large` });
    return { ok: false };
  }
  let json: unknown;
  try {
    json = JSON.parse(body.body.toString('utf8'));
  } catch {
    sendInputError(
      res,
      new InputError(`${route} body is not JSON`, [{ path: '(body)', message: 'invalid JSON' }]),
    );
    return { ok: false };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    sendInputError(res, new InputError(`Invalid ${route} body`, problemsOf(parsed.error)));
    return { ok: false };
  }
  return { ok: true, value: parsed.data };
}

/** A request the page made about something that is not there (a closed modal, a deleted message). */
export function sendNotFound(res: ServerResponse, reason: string): void {
  sendJson(res, 404, { ok: false, error: 'not_found', reason });
}

/** Slack (here: the stand-in's sender) could not deliver to the bot. */
export function sendDispatchFailed(res: ServerResponse, error: unknown): void {
  const reason = error instanceof Error ? error.message : String(error);
  sendJson(res, 502, { ok: false, error: 'dispatch_failed', reason });
}
