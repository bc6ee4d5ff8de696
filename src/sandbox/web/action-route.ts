import type { ServerResponse } from 'node:http';
import { InputError } from '../../platform/errors.js';
import { sendJson } from '../slack-api/http/reply.js';
import { actionFor, findElement } from '../slack-api/sender/find-element.js';
import type { BlockActionInput } from '../slack-api/sender/sender.js';
import type { SlackStandIn } from '../slack-api/stand-in.js';
import { sendDispatchFailed, sendInputError, sendNotFound } from './http-io.js';
import type { ActionBody } from './schemas.js';

/** The blocks a click happened in, as the user saw them; undefined when they cannot see it. */
function blocksSeenBy(slack: Pick<SlackStandIn, 'store'>, body: ActionBody): unknown[] | undefined {
  const { store } = slack;
  if ('viewId' in body) {
    const view = store.views.get(body.viewId);
    if (!view?.open || view.userId !== body.userId) return undefined;
    return Array.isArray(view.view.blocks) ? view.view.blocks : [];
  }
  const message = store.findMessage(body.channelId, body.messageTs);
  if (message) return message.blocks ?? [];
  const ephemeral = store.ephemeralsFor(body.userId, body.channelId).find((e) => e.ts === body.messageTs);
  return ephemeral ? (ephemeral.blocks ?? []) : undefined;
}

/**
 * A click, choice or menu pick in the page becomes the `block_actions` payload Slack would send,
 * signed and delivered to the bot by the stand-in's sender. Checks first what Slack's own client
 * guarantees: the user sees the message or modal, the element exists, the option is one it offers.
 */
export async function handleAction(
  slack: Pick<SlackStandIn, 'store' | 'sender'>,
  res: ServerResponse,
  body: ActionBody,
): Promise<void> {
  if (!slack.store.directory.users.has(body.userId)) {
    return sendInputError(res, new InputError('Unknown user', [{ path: 'userId', message: 'no such user' }]));
  }
  const blocks = blocksSeenBy(slack, body);
  if (!blocks) {
    const what = 'viewId' in body ? `modal ${body.viewId}` : `message ${body.messageTs} in ${body.channelId}`;
    return sendNotFound(res, `${what} is not open for ${body.userId}`);
  }
  const found = findElement(blocks, body.actionId, body.blockId);
  if (!found) {
    return sendInputError(
      res,
      new InputError('No such element', [
        { path: 'actionId', message: `no element with action_id ${body.actionId}` },
      ]),
    );
  }
  const action: BlockActionInput = {
    actionId: body.actionId,
    blockId: found.blockId,
    ...(body.value !== undefined ? { value: body.value } : {}),
    ...(body.values !== undefined ? { values: body.values } : {}),
  };
  try {
    actionFor(found, action, '0.000000');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return sendInputError(res, new InputError('Invalid choice', [{ path: 'value', message }]));
  }
  const target =
    'viewId' in body ? { viewId: body.viewId } : { channelId: body.channelId, messageTs: body.messageTs };
  try {
    const result = await slack.sender.sendBlockActions({ userId: body.userId, actions: [action], ...target });
    sendJson(res, 200, { ok: true, acked: result.acked, status: result.status });
  } catch (error) {
    sendDispatchFailed(res, error);
  }
}
