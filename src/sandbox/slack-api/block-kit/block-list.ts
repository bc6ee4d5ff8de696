import { checkBlock, type Surface } from './blocks.js';
import type { Checker } from './checker.js';

export interface BlockCheckOptions {
  readonly pointer: string;
  readonly surface: Surface;
  readonly maxBlocks: number;
}

/** Checks a `blocks` array: its length, each block, and block_id uniqueness across the surface. */
export function checkBlocks(c: Checker, blocks: unknown, options: BlockCheckOptions): void {
  if (!Array.isArray(blocks)) {
    c.fail(options.pointer, 'must be an array');
    return;
  }
  if (blocks.length > options.maxBlocks)
    c.fail(options.pointer, `no more than ${options.maxBlocks} items allowed`);
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    checkBlock(c, block, `${options.pointer}/${i}`, options.surface, blockIds);
  });
}
