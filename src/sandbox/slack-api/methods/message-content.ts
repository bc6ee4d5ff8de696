import { LIMITS, validateMessageBlocks } from '../block-kit/validate.js';
import type { ArgReader } from './arg-reader.js';
import { SlackApiError } from './errors.js';

export interface MessageContent {
  text: string | undefined;
  blocks: unknown[] | undefined;
  attachments: unknown[] | undefined;
  warnings: string[];
}

const MAX_ATTACHMENTS = 100;

/** Checks blocks the way chat.* methods do: bad JSON is `invalid_blocks_format`, broken rules `invalid_blocks`. */
export function checkMessageBlocks(blocks: unknown): unknown[] {
  if (!Array.isArray(blocks)) throw new SlackApiError('invalid_blocks_format');
  const result = validateMessageBlocks(blocks);
  if (!result.ok) throw new SlackApiError('invalid_blocks', { messages: result.messages });
  return blocks;
}

/**
 * Reads text / blocks / attachments for chat.postMessage, chat.postEphemeral and chat.update.
 * `requireSome` answers `no_text` when none is given.
 */
export function readMessageContent(args: ArgReader, requireSome: boolean): MessageContent {
  const warnings: string[] = [];
  const rawBlocks = args.json('blocks', 'invalid_blocks_format');
  const blocks = rawBlocks === undefined ? undefined : checkMessageBlocks(rawBlocks);
  const rawAttachments = args.json('attachments', 'invalid_attachments');
  if (rawAttachments !== undefined && !Array.isArray(rawAttachments))
    throw new SlackApiError('invalid_attachments');
  const attachments = rawAttachments as unknown[] | undefined;
  if (attachments && attachments.length > MAX_ATTACHMENTS) throw new SlackApiError('too_many_attachments');
  const markdown = args.string('markdown_text');
  let text = args.string('text');
  if (markdown !== undefined) {
    if (text !== undefined || blocks !== undefined) throw new SlackApiError('markdown_text_conflict');
    text = markdown;
  }
  if (requireSome && text === undefined && !blocks?.length && !attachments?.length)
    throw new SlackApiError('no_text');
  if (text !== undefined && text.length > LIMITS.messageText) {
    text = text.slice(0, LIMITS.messageText);
    warnings.push('message_truncated');
  }
  return { text, blocks, attachments, warnings };
}
