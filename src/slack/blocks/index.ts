export * from './blocks.js';
export * from './elements.js';
export { BLOCK_LIMITS, MESSAGE_TEXT_BUDGET } from './limits.js';
export * from './links.js';
export { blockTextLength } from './measure.js';
export * from './objects.js';
export * from './text.js';
export type * from './types.js';
