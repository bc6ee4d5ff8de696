import { formatPath } from '../../platform/format-path.js';
import type { PathStyle } from '../../platform/zod-problems.js';
import {
  type AlarmState,
  type Alert,
  SEVERITY_LABELS,
  SEVERITY_SCORE,
  type SeverityLabel,
} from '../alert.js';
import { firstDate } from '../dates.js';
import { DETAIL_TYPES, eventBridgeEnvelopeSchema } from '../eventbridge.js';
import { alarmLink, isRegionCode } from '../links.js';
import { DEFAULT_ALARM_SEVERITY, type NormalizeContext } from '../options.js';
import { parseAs, reject } from '../problems.js';
import { ignored, normalized, type Outcome } from '../result.js';
import { cleanText } from '../text.js';
import { eventMetricLines, snsMetricLines, treatMissingData } from './metrics.js';
import { regionCodeFromName } from './region-names.js';
import {
  type AlarmEventDetail,
  alarmEventDetailSchema,
  alarmLambdaEventSchema,
  alarmMessageSchema,
} from './schema.js';

/** What both delivery shapes say about one alarm state change. */
interface AlarmFacts {
  readonly name: string;
  readonly arn: string;
  readonly accountId: string;
  readonly region: string;
  readonly state: AlarmState;
  readonly previousState: string | undefined;
  /** Candidates in order of preference; the first readable date wins. */
  readonly changedAt: readonly unknown[];
  readonly descriptionLines: ReadonlyArray<string | undefined>;
}

const ACCOUNT_LIKE = /^(\d{12}|X{12})$/;

/** The first candidate that looks right, else the first present: samples redact and rename. */
function bestOf(test: (value: string) => boolean, ...candidates: ReadonlyArray<string | null | undefined>) {
  const present = candidates.map((c) => cleanText(c)).filter((c): c is string => c !== undefined);
  return present.find(test) ?? present[0];
}

/** `arn:aws:cloudwatch:<region>:<account>:alarm:<name>`; the name may contain `:` and spaces. */
function arnParts(arn: string | undefined): { region?: string | undefined; account?: string | undefined } {
  const parts = arn?.split(':') ?? [];
  return parts[0] === 'arn' ? { region: parts[3], account: parts[4] } : {};
}

function severityFor(context: NormalizeContext, name: string): SeverityLabel {
  const label = context.alarmSeverity(name);
  return (SEVERITY_LABELS as readonly string[]).includes(label) ? label : DEFAULT_ALARM_SEVERITY;
}

function alertFromFacts(facts: AlarmFacts, raw: unknown, context: NormalizeContext): Outcome {
  if (facts.state === 'INSUFFICIENT_DATA' && context.insufficientData === 'ignore') {
    return ignored(
      `alarm "${facts.name}" entered INSUFFICIENT_DATA, which is ignored by default (set insufficientData to 'alert' to raise it)`,
    );
  }
  const label = severityFor(context, facts.name);
  const changedAt = (firstDate(...facts.changedAt) ?? context.receivedAt).toISOString();
  const link = alarmLink(facts.region, facts.name);
  const transition = facts.previousState ? ` (was ${facts.previousState})` : '';
  const alert: Alert = {
    dedupeKey: facts.arn,
    source: 'cloudwatch-alarm',
    accountId: facts.accountId,
    region: facts.region,
    severity: SEVERITY_SCORE[label],
    severityLabel: label,
    type: facts.name,
    title: `${facts.state}: "${facts.name}" in ${facts.region}${transition}`,
    description: facts.descriptionLines.filter((line) => line !== undefined).join('\n'),
    resource: { type: 'AWS::CloudWatch::Alarm', id: facts.name, arn: facts.arn, tags: {} },
    firstSeen: changedAt,
    lastSeen: changedAt,
    count: 1,
    alarmState: facts.state,
    revision: changedAt,
    links: link ? { alarm: link } : {},
    raw,
  };
  return normalized([alert]);
}

function derivedArn(region: string, accountId: string, name: string): string | undefined {
  return isRegionCode(region) && ACCOUNT_LIKE.test(accountId)
    ? `arn:aws:cloudwatch:${region}:${accountId}:alarm:${name}`
    : undefined;
}

const MESSAGE_NAME = 'CloudWatch alarm message (the JSON SNS carries)';

/** The alarm JSON that SNS publishes (the parsed `Message` of a Notification). */
export function alarmFromSnsMessage(
  input: unknown,
  context: NormalizeContext,
  style: PathStyle = {},
): Outcome {
  const message = parseAs(alarmMessageSchema, input, MESSAGE_NAME, style);
  const fromArn = arnParts(cleanText(message.AlarmArn));
  const region = bestOf(isRegionCode, fromArn.region, regionCodeFromName(message.Region), message.Region);
  const accountId = bestOf((v) => ACCOUNT_LIKE.test(v), message.AWSAccountId, fromArn.account);
  if (region === undefined)
    throw reject(MESSAGE_NAME, formatPath(['Region'], style), 'missing, and AlarmArn names none');
  if (accountId === undefined) {
    throw reject(MESSAGE_NAME, formatPath(['AWSAccountId'], style), 'missing, and AlarmArn names none');
  }
  const arn = cleanText(message.AlarmArn) ?? derivedArn(region, accountId, message.AlarmName);
  if (arn === undefined)
    throw reject(MESSAGE_NAME, formatPath(['AlarmArn'], style), 'missing (expected string)');
  const missingData = treatMissingData(message.Trigger?.TreatMissingData);
  return alertFromFacts(
    {
      name: message.AlarmName,
      arn,
      accountId,
      region,
      state: message.NewStateValue,
      previousState: cleanText(message.OldStateValue),
      changedAt: [message.StateChangeTime],
      descriptionLines: [
        cleanText(message.AlarmDescription),
        cleanText(message.NewStateReason),
        ...snsMetricLines(message.Trigger),
        missingData && `Missing data is treated as: ${missingData}`,
      ],
    },
    input,
    context,
  );
}

const EVENT_NAME = 'EventBridge "CloudWatch Alarm State Change" event';
const LAMBDA_NAME = 'CloudWatch alarm Lambda action event';

/** Where the alarm lives, as the wrapper around its detail says it. */
interface DetailScope {
  readonly name: string;
  readonly region: string | null | undefined;
  readonly account: string | null | undefined;
  readonly arn: string | undefined;
  readonly time: string | null | undefined;
  /** How errors name the wrapper's region, account and ARN fields. */
  readonly paths: { readonly region: string; readonly account: string; readonly arn: string };
}

/**
 * The alert for an alarm's state-change detail, the same whether EventBridge wrapped it
 * (`detail`) or an alarm's Lambda action did (`alarmData`).
 */
function alertFromDetail(
  detail: AlarmEventDetail,
  scope: DetailScope,
  raw: unknown,
  context: NormalizeContext,
): Outcome {
  const suppressedBy = cleanText(detail.state.actionsSuppressedBy);
  if (detail.state.value === 'ALARM' && suppressedBy !== undefined) {
    // The alarm's own actions were held back (a maintenance window's suppressor alarm, or its
    // wait/extension period): Watchkeeper holds back too, and says so in the audit log.
    const why = cleanText(detail.state.actionsSuppressedReason) ?? `Actions suppressed by ${suppressedBy}`;
    const suppressor = cleanText(detail.configuration?.actionsSuppressor);
    return ignored(
      `alarm "${detail.alarmName}" entered ALARM with its actions suppressed (${why}${suppressor ? `; suppressor alarm "${suppressor}"` : ''}), so no incident was opened`,
      { action: 'alert.suppressed' },
    );
  }
  const fromArn = arnParts(scope.arn);
  const region = bestOf(isRegionCode, scope.region, fromArn.region);
  const accountId = bestOf((v) => ACCOUNT_LIKE.test(v), scope.account, fromArn.account);
  if (region === undefined) throw reject(scope.name, scope.paths.region, 'missing (expected string)');
  if (accountId === undefined) throw reject(scope.name, scope.paths.account, 'missing (expected string)');
  const arn = scope.arn ?? derivedArn(region, accountId, detail.alarmName);
  if (arn === undefined) throw reject(scope.name, scope.paths.arn, 'names no alarm ARN');
  return alertFromFacts(
    {
      name: detail.alarmName,
      arn,
      accountId,
      region,
      state: detail.state.value,
      previousState: cleanText(detail.previousState?.value),
      changedAt: [detail.state.timestamp, scope.time],
      descriptionLines: [
        cleanText(detail.configuration?.description),
        cleanText(detail.state.reason),
        ...eventMetricLines(detail.configuration),
      ],
    },
    raw,
    context,
  );
}

export function alarmFromEventBridge(
  input: unknown,
  context: NormalizeContext,
  style: PathStyle = {},
): Outcome {
  const event = parseAs(eventBridgeEnvelopeSchema, input, EVENT_NAME, style);
  if (event['detail-type'] !== DETAIL_TYPES.alarmStateChange) {
    const got = JSON.stringify(event['detail-type']);
    throw reject(
      EVENT_NAME,
      formatPath(['detail-type'], style),
      `expected "${DETAIL_TYPES.alarmStateChange}", got ${got}`,
    );
  }
  const detailStyle = { prefix: formatPath(['detail'], style) };
  const detail = parseAs(alarmEventDetailSchema, event.detail, EVENT_NAME, detailStyle);
  return alertFromDetail(
    detail,
    {
      name: EVENT_NAME,
      region: event.region,
      account: event.account,
      arn: event.resources?.find((r) => r.startsWith('arn:') && r.includes(':alarm:')),
      time: event.time,
      paths: {
        region: formatPath(['region'], style),
        account: formatPath(['account'], style),
        arn: formatPath(['resources'], style),
      },
    },
    input,
    context,
  );
}

/** An object that is an alarm Lambda action event by its distinguishing keys (the schema checks the rest). */
export function isAlarmLambdaEvent(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.hasOwn(value, 'alarmData') &&
    Object.hasOwn(value, 'alarmArn')
  );
}

/**
 * The event an alarm's Lambda action invokes a function with, which a team's function forwards
 * to the intake unchanged (`{source: "aws.cloudwatch", alarmArn, accountId, time, region,
 * alarmData}`): the same alert as the EventBridge state change of that alarm.
 */
export function alarmFromLambdaAction(
  input: unknown,
  context: NormalizeContext,
  style: PathStyle = {},
): Outcome {
  const event = parseAs(alarmLambdaEventSchema, input, LAMBDA_NAME, style);
  const arn = cleanText(event.alarmArn);
  return alertFromDetail(
    event.alarmData,
    {
      name: LAMBDA_NAME,
      region: event.region,
      account: event.accountId,
      arn: arn?.startsWith('arn:') ? arn : undefined,
      time: event.time,
      paths: {
        region: formatPath(['region'], style),
        account: formatPath(['accountId'], style),
        arn: formatPath(['alarmArn'], style),
      },
    },
    input,
    context,
  );
}
