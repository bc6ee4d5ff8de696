import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResponseUrls } from '../response-urls.js';
import type { SlackStore } from '../store/store.js';
import { type ApiDeps, handleApiRequest } from './api-handler.js';
import { readBody } from './body.js';
import { sendJson } from './reply.js';
import { handleUpload } from './upload-handler.js';

/**
 * A route mounted beside the Web API (the sandbox's browser UI). Answers true when it handled the
 * request, false to let the stand-in route it.
 */
export type ExtraRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

export interface RouterDeps extends ApiDeps {
  readonly store: SlackStore;
  readonly responseUrls: ResponseUrls;
  readonly maxBodyBytes: number;
  readonly maxUploadBytes: number;
  readonly extraRoutes: readonly ExtraRoute[];
}

/**
 * Routes: `/api/<method>` (Web API), `/upload/v1/<file>` (upload bytes), `/response/<id>`
 * (response_url). The Socket Mode upgrade on `/socket` is handled by the socket hub.
 */
export async function route(req: IncomingMessage, res: ServerResponse, deps: RouterDeps): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  const parts = url.pathname.split('/').filter(Boolean);
  const [first, second, third] = parts;
  if (first === 'api' && second && parts.length === 2 && (req.method === 'POST' || req.method === 'GET')) {
    return handleApiRequest(req, res, second, url.searchParams, deps);
  }
  for (const extra of deps.extraRoutes) if (await extra(req, res, url)) return;
  if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: 'method_not_allowed' });
  if (first === 'upload' && second === 'v1' && third && parts.length === 3) {
    return handleUpload(req, res, third, deps.store, deps.maxUploadBytes);
  }
  if (first === 'response' && second && parts.length === 2) {
    const body = await readBody(req, deps.maxBodyBytes);
    if (!body.ok) return sendJson(res, 413, { ok: false, error: 'request_too_large' });
    const answer = deps.responseUrls.handle(second, body.body);
    return sendJson(res, answer.status, answer.body);
  }
  sendJson(res, 404, { ok: false, error: 'not_found' });
}
