/**
 * The alert normalizers' public surface: pure functions that turn every AWS input into `Alert`.
 */
export { alarmFromEventBridge, alarmFromSnsMessage } from './alarm/normalize.js';
export { type AlertCommandResult, runAlertCommand } from './alert-command.js';
export { alertFromDetection } from './cloudtrail/detection.js';
export { type CloudTrailRecord, cloudTrailRecordSchema } from './cloudtrail/schema.js';
export { detectShape } from './detect-shape.js';
export type { DetectionCatalog, DetectionRef } from './detection-ref.js';
export { alertFromGuardDutyEvent, alertsFromGetFindingsResponse } from './guardduty/containers.js';
export { alertFromGuardDutyFinding, alertFromGuardDutySdkFinding } from './guardduty/normalize.js';
export { normalize, normalizeInput } from './normalize.js';
export {
  DEFAULT_ALARM_SEVERITY,
  type NormalizeContext,
  type NormalizeOptions,
  resolveContext,
} from './options.js';
export { type AlertInput, inputLocation, readAlertInputs } from './read-inputs.js';
export type { NormalizeResult, Outcome } from './result.js';
export { INPUT_SHAPE_LABELS, type InputShape } from './shapes.js';
