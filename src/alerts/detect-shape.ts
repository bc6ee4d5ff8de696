import { CLOUDTRAIL_DETAIL_TYPES, DETAIL_TYPES } from './eventbridge.js';
import { unrecognized } from './problems.js';
import type { InputShape } from './shapes.js';

/**
 * Which input shape a value is, from its distinguishing keys only; the shape's normalizer then
 * validates every field. Throws InputError (InputUnrecognized) naming what it looked for.
 */

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function has(value: Record<string, unknown>, ...keys: string[]): boolean {
  return keys.every((key) => Object.hasOwn(value, key));
}

const EXPECTED =
  'a GuardDuty finding (camelCase or SDK PascalCase), a GetFindings response {"findings": [...]}, ' +
  'an EventBridge event (GuardDuty Finding, CloudWatch Alarm State Change, AWS API Call via CloudTrail), ' +
  'an SNS Notification, a CloudWatch alarm message, or a CloudTrail record';

function describeKeys(value: Record<string, unknown>): string {
  const keys = Object.keys(value);
  if (keys.length === 0) return 'an empty object';
  const shown = keys
    .slice(0, 8)
    .map((k) => JSON.stringify(k))
    .join(', ');
  return `an object with keys ${shown}${keys.length > 8 ? ', ...' : ''}`;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return isRecord(value) ? describeKeys(value) : `a ${typeof value}`;
}

function eventBridgeShape(detailType: unknown): InputShape | undefined {
  if (detailType === DETAIL_TYPES.guardDutyFinding) return 'eventbridge-guardduty-finding';
  if (detailType === DETAIL_TYPES.alarmStateChange) return 'eventbridge-alarm-state-change';
  if (typeof detailType === 'string' && CLOUDTRAIL_DETAIL_TYPES.includes(detailType))
    return 'eventbridge-cloudtrail';
  return undefined;
}

function candidateShape(value: Record<string, unknown>): InputShape | undefined {
  if (has(value, 'detail-type')) return eventBridgeShape(value['detail-type']);
  if (has(value, 'Type', 'Message') && has(value, 'TopicArn')) {
    return value.Type === 'Notification' ? 'sns-notification' : 'sns-subscription-message';
  }
  if (has(value, 'AlarmName')) return 'cloudwatch-alarm-message';
  if (has(value, 'findings') || (has(value, 'Findings') && !has(value, 'Id')))
    return 'guardduty-get-findings-response';
  if (has(value, 'Records')) return 'cloudtrail-log-file';
  if (has(value, 'eventName', 'eventSource')) return 'cloudtrail-record';
  if (
    has(value, 'schemaVersion') ||
    has(value, 'id', 'type', 'resource') ||
    has(value, 'id', 'type', 'severity')
  ) {
    return 'guardduty-finding';
  }
  if (
    has(value, 'SchemaVersion') ||
    has(value, 'Id', 'Type', 'Resource') ||
    has(value, 'Id', 'Type', 'Severity')
  ) {
    return 'guardduty-sdk-finding';
  }
  return undefined;
}

export function detectShape(input: unknown): InputShape {
  const shape = isRecord(input) ? candidateShape(input) : undefined;
  if (shape !== undefined) return shape;
  if (isRecord(input) && has(input, 'detail-type')) {
    const detailType = JSON.stringify(input['detail-type']) ?? 'undefined';
    const accepted = [
      DETAIL_TYPES.guardDutyFinding,
      DETAIL_TYPES.alarmStateChange,
      ...CLOUDTRAIL_DETAIL_TYPES,
    ];
    throw unrecognized('Unrecognized EventBridge event', [
      {
        path: 'detail-type',
        message: `${detailType} is not an alert source`,
        fix: `route only ${accepted.map((t) => `"${t}"`).join(', ')} events to Watchkeeper`,
      },
    ]);
  }
  throw unrecognized('Unrecognized alert input', [
    { path: '(root)', message: `got ${describe(input)}; expected ${EXPECTED}` },
  ]);
}
