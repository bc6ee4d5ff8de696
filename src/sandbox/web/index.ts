/**
 * The sandbox's browser UI, served by the Slack API stand-in: a Slack-like page (channels,
 * Block Kit messages, threads, ephemerals, files, modals, a slash-command box, a user switch)
 * whose clicks reach the bot as the signed payloads Slack would send.
 *
 * Routes: GET / (the page), GET /ui/static/<file>, GET /ui/state?user=U…, GET /ui/events (SSE),
 * GET /ui/files/<id>, POST /ui/command, /ui/action, /ui/view-submit, /ui/view-close (JSON).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { InputError } from '../../platform/errors.js';
import type { Logger } from '../../platform/log/logger.js';
import { sendJson } from '../slack-api/http/reply.js';
import type { ExtraRoute } from '../slack-api/http/router.js';
import type { SlackStandIn } from '../slack-api/stand-in.js';
import { handleAction } from './action-route.js';
import { handleCommand } from './command-route.js';
import { EventStreams } from './events.js';
import { readJson, sendInputError } from './http-io.js';
import { actionBody, commandBody, stateQuery, viewCloseBody, viewSubmitBody } from './schemas.js';
import { workspaceState } from './state.js';
import { sendAsset, sendUploadedFile } from './static-files.js';
import { handleViewClose, handleViewSubmit } from './view-routes.js';

export { type UiState, workspaceState } from './state.js';

export interface WebUiOptions {
  logger?: Logger;
}

type UiSlack = Pick<SlackStandIn, 'store' | 'sender' | 'options'>;

/** POST routes: a schema for the body and what to do with it. */
function postRoutes(
  slack: UiSlack,
): Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>> {
  const post =
    <S extends z.ZodType>(
      path: string,
      schema: S,
      handle: (res: ServerResponse, body: z.output<S>) => Promise<void>,
    ) =>
    async (req: IncomingMessage, res: ServerResponse) => {
      const parsed = await readJson(req, res, schema, path);
      if (parsed.ok) await handle(res, parsed.value);
    };
  return {
    '/ui/command': post('/ui/command', commandBody, async (res, body) => {
      if (!slack.store.directory.users.has(body.userId))
        return sendInputError(
          res,
          new InputError('Unknown user', [{ path: 'userId', message: 'no such user' }]),
        );
      if (!slack.store.directory.channels.has(body.channelId))
        return sendInputError(
          res,
          new InputError('Unknown channel', [{ path: 'channelId', message: 'no such channel' }]),
        );
      await handleCommand(slack, res, body).catch((error: unknown) =>
        sendJson(res, 502, { ok: false, error: 'dispatch_failed', reason: String(error) }),
      );
    }),
    '/ui/action': post('/ui/action', actionBody, (res, body) => handleAction(slack, res, body)),
    '/ui/view-submit': post('/ui/view-submit', viewSubmitBody, (res, body) =>
      handleViewSubmit(slack, res, body),
    ),
    '/ui/view-close': post('/ui/view-close', viewCloseBody, (res, body) => handleViewClose(slack, res, body)),
  };
}

/** The UI's routes, to mount with `standIn.addRoute(...)`. Anything else falls through to the stand-in. */
export function createWebUi(slack: UiSlack, options: WebUiOptions = {}): ExtraRoute {
  const streams = new EventStreams(slack.store);
  const posts = postRoutes(slack);
  return async (req, res, url) => {
    const path = url.pathname;
    if (req.method === 'POST') {
      const handle = posts[path];
      if (!handle) return false;
      await handle(req, res);
      return true;
    }
    if (req.method !== 'GET') return false;
    if (path === '/' || path === '/index.html') {
      await sendAsset(res, 'index.html');
      return true;
    }
    const [first, second, third, ...rest] = path.split('/').filter(Boolean);
    if (first !== 'ui' || rest.length > 0) return false;
    if (second === 'static' && third) await sendAsset(res, third);
    else if (second === 'files' && third) sendUploadedFile(res, slack.store, third);
    else if (second === 'events' && !third) streams.open(res);
    else if (second === 'state' && !third) {
      const query = stateQuery.safeParse(Object.fromEntries(url.searchParams));
      if (!query.success) {
        sendInputError(
          res,
          new InputError('Invalid /ui/state query', [
            { path: 'user', message: query.error.issues[0]?.message ?? 'invalid' },
          ]),
        );
      } else if (query.data.user !== undefined && !slack.store.directory.users.has(query.data.user)) {
        sendInputError(res, new InputError('Unknown user', [{ path: 'user', message: 'no such user' }]));
      } else sendJson(res, 200, workspaceState(slack, query.data.user), { 'cache-control': 'no-store' });
    } else return false;
    options.logger?.debug({ path }, 'sandbox UI request');
    return true;
  };
}

/** Serves the UI from a stand-in (before or after it starts). */
export function mountWebUi(standIn: SlackStandIn, options: WebUiOptions = {}): void {
  standIn.addRoute(createWebUi(standIn, options));
}
