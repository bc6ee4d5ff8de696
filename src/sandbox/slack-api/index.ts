export { LIMITS } from './block-kit/limits.js';
export {
  type BlockKitIssue,
  formatIssue,
  type ValidationResult,
  validateMessageBlocks,
  validateView,
} from './block-kit/validate.js';
export type { FaultConfig } from './faults.js';
export type { SeedChannel, SeedUser, SeedUserGroup, SlackStandInOptions } from './options.js';
export { seededRandom } from './options.js';
export type { BlockActionInput, DeliveryOptions, DeliveryResult, Transport } from './sender/sender.js';
export { signSlackRequest } from './sender/sign.js';
export { createSlackStandIn, type SlackStandIn } from './stand-in.js';
export type { CallRecord, EphemeralMessage, StoredFile, StoredMessage, StoredView } from './store/types.js';
