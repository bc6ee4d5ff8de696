export { findingUpdatedAtMs, type GuardDutyFinding, guardDutyFindingSchema } from './finding.js';
export {
  type FindingIdsCriteria,
  type FindingIdsPage,
  GUARDDUTY_PAGE_SIZE,
  type GuardDutyFindingsPort,
} from './port.js';
export { inBatches, listFindingsInput } from './requests.js';
export { SdkGuardDutyFindingsPort } from './sdk-port.js';
export { type CursorStore, guardDutyCursorKey, RedisCursorStore } from './sync-cursor.js';
