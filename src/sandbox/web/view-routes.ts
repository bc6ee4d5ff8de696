import type { ServerResponse } from 'node:http';
import { InputError } from '../../platform/errors.js';
import { sendJson } from '../slack-api/http/reply.js';
import type { SlackStandIn } from '../slack-api/stand-in.js';
import type { StoredView } from '../slack-api/store/types.js';
import { sendDispatchFailed, sendInputError, sendNotFound } from './http-io.js';
import type { ViewCloseBody, ViewSubmitBody } from './schemas.js';
import { buildViewState } from './view-state.js';

function openViewOf(
  slack: Pick<SlackStandIn, 'store'>,
  userId: string,
  viewId: string,
): StoredView | undefined {
  const view = slack.store.views.get(viewId);
  return view?.open && view.userId === userId ? view : undefined;
}

/**
 * Submit: checks the inputs as Slack's client does (errors go back to the page without bothering
 * the bot), then sends the signed `view_submission` and reports what the bot's ack did to the
 * modal (closed, errors, updated, pushed, cleared).
 */
export async function handleViewSubmit(
  slack: Pick<SlackStandIn, 'store' | 'sender'>,
  res: ServerResponse,
  body: ViewSubmitBody,
): Promise<void> {
  const view = openViewOf(slack, body.userId, body.viewId);
  if (!view) return sendNotFound(res, `modal ${body.viewId} is not open for ${body.userId}`);
  const state = buildViewState(view.view, body.values);
  if (!state.ok && 'invalid' in state) {
    return sendInputError(
      res,
      new InputError('Invalid modal values', [{ path: 'values', message: state.invalid }]),
    );
  }
  if (!state.ok) {
    sendJson(res, 200, { ok: true, delivered: false, effect: { kind: 'errors', errors: state.errors } });
    return;
  }
  try {
    const result = await slack.sender.sendViewSubmission({
      userId: body.userId,
      viewId: body.viewId,
      values: state.values,
    });
    sendJson(res, 200, { ok: true, delivered: true, acked: result.acked, effect: result.effect });
  } catch (error) {
    sendDispatchFailed(res, error);
  }
}

/** The user closes the modal (× or Cancel); the bot hears of it only when the view asked. */
export async function handleViewClose(
  slack: Pick<SlackStandIn, 'store' | 'sender'>,
  res: ServerResponse,
  body: ViewCloseBody,
): Promise<void> {
  if (!openViewOf(slack, body.userId, body.viewId)) {
    return sendNotFound(res, `modal ${body.viewId} is not open for ${body.userId}`);
  }
  try {
    const result = await slack.sender.sendViewClosed({ userId: body.userId, viewId: body.viewId });
    sendJson(res, 200, { ok: true, delivered: result !== undefined });
  } catch (error) {
    sendDispatchFailed(res, error);
  }
}
