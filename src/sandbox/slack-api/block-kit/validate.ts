/**
 * Block Kit validation the way Slack's API does it: pure functions over parsed JSON that return
 * every broken rule with a JSON pointer. The stand-in turns them into `invalid_blocks` /
 * `invalid_arguments` answers; other tests can call these directly to check card builders.
 */
import { type BlockCheckOptions, checkBlocks } from './block-list.js';
import { Checker } from './checker.js';
import { type BlockKitIssue, formatIssue } from './issues.js';
import { LIMITS } from './limits.js';
import { checkViewFields } from './view.js';

export type { Surface } from './blocks.js';
export type { BlockKitIssue } from './issues.js';

export interface ValidationResult {
  readonly ok: boolean;
  readonly issues: readonly BlockKitIssue[];
  /** The issues in Slack's `response_metadata.messages` form. */
  readonly messages: readonly string[];
}

function result(issues: readonly BlockKitIssue[]): ValidationResult {
  return { ok: issues.length === 0, issues, messages: issues.map(formatIssue) };
}

/** Validates a message's `blocks` array (≤50 blocks; no input blocks). */
export function validateMessageBlocks(
  blocks: unknown,
  options: Partial<BlockCheckOptions> = {},
): ValidationResult {
  const c = new Checker();
  checkBlocks(c, blocks, {
    pointer: options.pointer ?? '/blocks',
    surface: 'message',
    maxBlocks: options.maxBlocks ?? LIMITS.messageBlocks,
  });
  return result(c.issues);
}

/** Validates a view (modal or Home tab) as passed to views.open / views.update / views.push. */
export function validateView(view: unknown, pointer = '/view'): ValidationResult {
  const c = new Checker();
  checkViewFields(c, view, pointer);
  return result(c.issues);
}

export { formatIssue, LIMITS };
