import { DETAIL_TYPES } from './eventbridge.js';
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
  'a Security Hub finding (ASFF or OCSF) or GetFindings response {"Findings": [...]}, ' +
  'an EventBridge event (GuardDuty Finding, CloudWatch Alarm State Change, AWS API Call via CloudTrail, ' +
  'Security Hub Findings - Imported, Findings Imported V2, Config Rules Compliance Change, ' +
  'GuardDuty Malware Protection Object Scan Result), ' +
  'an SNS Notification or a Lambda SNS event {"Records": [{"Sns": ...}]}, a CloudWatch alarm message, ' +
  'a CloudWatch alarm Lambda action event {"alarmArn": ..., "alarmData": {...}}, ' +
  'an AWS Config compliance notification, or a CloudTrail record';

/** The detail-types Watchkeeper takes, with the shape each one is. */
const EVENTBRIDGE_SHAPES: Readonly<Record<string, InputShape>> = {
  [DETAIL_TYPES.guardDutyFinding]: 'eventbridge-guardduty-finding',
  [DETAIL_TYPES.alarmStateChange]: 'eventbridge-alarm-state-change',
  [DETAIL_TYPES.cloudTrailApiCall]: 'eventbridge-cloudtrail',
  [DETAIL_TYPES.cloudTrailConsoleSignIn]: 'eventbridge-cloudtrail',
  [DETAIL_TYPES.securityHubFindingsImported]: 'eventbridge-securityhub-findings',
  [DETAIL_TYPES.securityHubFindingsImportedV2]: 'eventbridge-securityhub-ocsf-findings',
  [DETAIL_TYPES.configComplianceChange]: 'eventbridge-config-compliance-change',
  [DETAIL_TYPES.malwareObjectScanResult]: 'eventbridge-malware-scan-result',
};

/** Every detail-type an EventBridge rule may route to Watchkeeper, for error messages and docs. */
export const ACCEPTED_DETAIL_TYPES: readonly string[] = Object.keys(EVENTBRIDGE_SHAPES);

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
  return typeof detailType === 'string' && Object.hasOwn(EVENTBRIDGE_SHAPES, detailType)
    ? EVENTBRIDGE_SHAPES[detailType]
    : undefined;
}

/** `{"Records": [{"EventSource": "aws:sns", "Sns": {...}}]}`: what Lambda gets from an SNS topic. */
function isLambdaSnsEvent(value: Record<string, unknown>): boolean {
  const records = value.Records;
  return Array.isArray(records) && records.length > 0 && isRecord(records[0]) && has(records[0], 'Sns');
}

/**
 * ASFF is PascalCase like a GuardDuty SDK finding and shares `SchemaVersion`, `Id` and
 * `Severity`; only ASFF has `ProductArn` (required in every ASFF finding).
 */
function isAsffFinding(value: Record<string, unknown>): boolean {
  return has(value, 'ProductArn') && (has(value, 'Id') || has(value, 'SchemaVersion'));
}

function isAsffFindingsResponse(value: Record<string, unknown>): boolean {
  const findings = value.Findings;
  return (
    !has(value, 'Id') &&
    Array.isArray(findings) &&
    findings.length > 0 &&
    isRecord(findings[0]) &&
    isAsffFinding(findings[0])
  );
}

/** OCSF findings name their product and finding under snake_case objects. */
function isOcsfFinding(value: Record<string, unknown>): boolean {
  return has(value, 'finding_info', 'metadata');
}

function securityShape(value: Record<string, unknown>): InputShape | undefined {
  if (isAsffFinding(value)) return 'securityhub-asff-finding';
  if (isAsffFindingsResponse(value)) return 'securityhub-get-findings-response';
  if (isOcsfFinding(value)) return 'securityhub-ocsf-finding';
  if (has(value, 'configRuleName', 'newEvaluationResult')) return 'config-compliance-notification';
  return undefined;
}

function candidateShape(value: Record<string, unknown>): InputShape | undefined {
  if (has(value, 'detail-type')) return eventBridgeShape(value['detail-type']);
  if (has(value, 'Type', 'Message') && has(value, 'TopicArn')) {
    return value.Type === 'Notification' ? 'sns-notification' : 'sns-subscription-message';
  }
  if (has(value, 'AlarmName')) return 'cloudwatch-alarm-message';
  if (has(value, 'alarmArn', 'alarmData')) return 'cloudwatch-alarm-lambda-event';
  const security = securityShape(value);
  if (security !== undefined) return security;
  if (has(value, 'findings') || (has(value, 'Findings') && !has(value, 'Id')))
    return 'guardduty-get-findings-response';
  if (has(value, 'Records')) return isLambdaSnsEvent(value) ? 'lambda-sns-event' : 'cloudtrail-log-file';
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
    const accepted = ACCEPTED_DETAIL_TYPES;
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
