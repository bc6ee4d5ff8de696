import type { ServerResponse } from 'node:http';
import { sendJson } from '../slack-api/http/reply.js';
import type { SlackStandIn } from '../slack-api/stand-in.js';
import type { CommandBody } from './schemas.js';

type Json = Record<string, unknown>;

function asJson(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** `/watchkeeper help me` → command `/watchkeeper`, text `help me` (as Slack splits it). */
export function splitCommand(input: string): { command: string; text: string } {
  const trimmed = input.trim();
  const space = trimmed.search(/\s/);
  if (space < 0) return { command: trimmed.toLowerCase(), text: '' };
  return { command: trimmed.slice(0, space).toLowerCase(), text: trimmed.slice(space).trim() };
}

/**
 * What Slack does with the app's ack to a slash command: a body with text or blocks is shown to
 * the caller only (`ephemeral`, the default) or posted in the channel under the caller's
 * invocation (`in_channel`); an empty ack shows nothing.
 */
export function applyCommandAck(
  slack: Pick<SlackStandIn, 'store'>,
  body: CommandBody,
  ack: unknown,
): 'ephemeral' | 'in_channel' | 'none' {
  const reply = asJson(ack);
  const text = typeof reply?.text === 'string' ? reply.text : '';
  const blocks = Array.isArray(reply?.blocks) ? (reply.blocks as unknown[]) : undefined;
  if (!text && !blocks) return 'none';
  if (reply?.response_type === 'in_channel') {
    slack.store.addMessage({ channel: body.channelId, text: body.text.trim(), user: body.userId });
    slack.store.addMessage({ channel: body.channelId, text, blocks });
    return 'in_channel';
  }
  // The sender already showed an ephemeral ack to the caller (SlackSender.sendSlashCommand), as
  // the original the command's response_url replaces.
  return 'ephemeral';
}

export async function handleCommand(
  slack: Pick<SlackStandIn, 'store' | 'sender'>,
  res: ServerResponse,
  body: CommandBody,
): Promise<void> {
  const { command, text } = splitCommand(body.text);
  const result = await slack.sender.sendSlashCommand({
    command,
    text,
    userId: body.userId,
    channelId: body.channelId,
  });
  if (!result.acked) {
    // Slack's own words when an app does not answer a command in time or answers an error.
    sendJson(res, 200, {
      ok: false,
      error: 'dispatch_failed',
      reason: `${command} failed with the error "dispatch_failed" (the app answered HTTP ${result.status})`,
    });
    return;
  }
  const shown = applyCommandAck(slack, body, result.json);
  sendJson(res, 200, { ok: true, shown, status: result.status });
}
