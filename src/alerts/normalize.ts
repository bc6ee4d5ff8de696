import { InputError } from '../platform/errors.js';
import { zodProblems } from '../platform/zod-problems.js';
import { alarmFromEventBridge, alarmFromLambdaAction, alarmFromSnsMessage } from './alarm/normalize.js';
import { type Alert, alertSchema } from './alert.js';
import { alertFromParsedRecords } from './cloudtrail/detection.js';
import { detectionJobRecords, recordsOf } from './cloudtrail/inputs.js';
import { alertsFromUnmatchedRecords } from './cloudtrail/match.js';
import { alertFromConfigEvent, alertFromConfigNotification } from './config/normalize.js';
import { parseAwsDate } from './dates.js';
import { detectShape } from './detect-shape.js';
import { alertFromGuardDutyEvent, alertsFromGetFindingsResponse } from './guardduty/containers.js';
import { alertFromGuardDutyFinding, alertFromGuardDutySdkFinding } from './guardduty/normalize.js';
import type { IntakeJob } from './intake/intake-job.js';
import { alertFromMalwareScanEvent } from './malware/normalize.js';
import { type NormalizeContext, type NormalizeOptions, resolveContext } from './options.js';
import { reject } from './problems.js';
import { combineOutcomes, ignored, type NormalizeResult, normalized, type Outcome } from './result.js';
import { alertsFromSecurityHubEvent, alertsFromSecurityHubResponse } from './securityhub/containers.js';
import { alertFromAsffFinding } from './securityhub/normalize.js';
import { alertFromOcsfFinding, alertsFromOcsfEvent } from './securityhub/ocsf.js';
import { type InputShape, shapeLabel } from './shapes.js';
import { LAMBDA_SNS_NAME, lambdaSnsRecords, SNS_NAME, unwrapSnsNotification } from './sns.js';

/**
 * The normalizers' one entry point, called by `acceptInputs` for every intake path: an IntakeJob
 * in, alerts / ignored / rejected out. Only
 * InputError is caught (it becomes `rejected`); anything else is a bug and propagates.
 */

/**
 * A Lambda SNS event (`{"Records": [{"Sns": {...}}]}`, what a GuardDuty-to-Slack Lambda already
 * receives): each record's `Sns` is an SNS Notification, unwrapped like one from the webhook.
 */
function fromLambdaSns(input: unknown, context: NormalizeContext): Outcome {
  const records = lambdaSnsRecords(input);
  const outcomes = records.map((sns, i) => {
    try {
      return fromSns(sns, context);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const problems = error.problems.map((p) => ({ ...p, path: `Records[${i}].Sns.${p.path}` }));
      throw new InputError(`Not a valid ${LAMBDA_SNS_NAME}: ${error.message}`, problems, error.code);
    }
  });
  return combineOutcomes(outcomes, LAMBDA_SNS_NAME);
}

function fromSns(input: unknown, context: NormalizeContext): Outcome {
  const unwrapped = unwrapSnsNotification(input);
  if (unwrapped.kind === 'not-a-notification') {
    return ignored(`SNS ${unwrapped.type} is not an alert (the webhook confirms subscriptions)`);
  }
  let inner: InputShape | undefined;
  try {
    inner = detectShape(unwrapped.message);
    if (
      inner === 'sns-notification' ||
      inner === 'sns-subscription-message' ||
      inner === 'lambda-sns-event'
    ) {
      throw reject(
        SNS_NAME,
        'Message',
        'holds another SNS message; expected an alarm or an EventBridge event',
      );
    }
    return fromShape(inner, unwrapped.message, context);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    // Re-root the inner problems under Message so the path says where to look.
    const problems = error.problems.map((p) => ({
      ...p,
      path: p.path === '(root)' || p.path === 'Message' ? 'Message' : `Message.${p.path}`,
    }));
    const what = inner ? `its Message is not a valid ${shapeLabel(inner)}` : 'its Message is not an alert';
    throw new InputError(`Not a valid ${SNS_NAME}: ${what}`, problems, error.code);
  }
}

function fromShape(shape: InputShape, input: unknown, context: NormalizeContext): Outcome {
  switch (shape) {
    case 'guardduty-finding':
      return normalized([alertFromGuardDutyFinding(input, context)]);
    case 'guardduty-sdk-finding':
      return normalized([alertFromGuardDutySdkFinding(input, context)]);
    case 'guardduty-get-findings-response':
      return normalized(alertsFromGetFindingsResponse(input, context));
    case 'eventbridge-guardduty-finding':
      return normalized([alertFromGuardDutyEvent(input, context)]);
    case 'eventbridge-alarm-state-change':
      return alarmFromEventBridge(input, context);
    case 'cloudwatch-alarm-message':
      return alarmFromSnsMessage(input, context);
    case 'cloudwatch-alarm-lambda-event':
      return alarmFromLambdaAction(input, context);
    case 'sns-notification':
    case 'sns-subscription-message':
      return fromSns(input, context);
    case 'lambda-sns-event':
      return fromLambdaSns(input, context);
    case 'securityhub-asff-finding':
      return alertFromAsffFinding(input, context);
    case 'securityhub-get-findings-response':
      return alertsFromSecurityHubResponse(input, context);
    case 'eventbridge-securityhub-findings':
      return alertsFromSecurityHubEvent(input, context);
    case 'securityhub-ocsf-finding':
      return alertFromOcsfFinding(input, context);
    case 'eventbridge-securityhub-ocsf-findings':
      return alertsFromOcsfEvent(input, context);
    case 'eventbridge-config-compliance-change':
      return alertFromConfigEvent(input, context);
    case 'config-compliance-notification':
      return alertFromConfigNotification(input, context);
    case 'eventbridge-malware-scan-result':
      return alertFromMalwareScanEvent(input, context);
    case 'eventbridge-cloudtrail':
    case 'cloudtrail-record':
    case 'cloudtrail-log-file':
      return alertsFromUnmatchedRecords(
        recordsOf(shape, input),
        input,
        context.detections,
        context.receivedAt,
      );
  }
}

const EVENTBRIDGE_SHAPES: readonly InputShape[] = [
  'eventbridge-guardduty-finding',
  'eventbridge-alarm-state-change',
  'eventbridge-cloudtrail',
  'eventbridge-securityhub-findings',
  'eventbridge-securityhub-ocsf-findings',
  'eventbridge-config-compliance-change',
  'eventbridge-malware-scan-result',
];

function shapeOfJob(job: IntakeJob): InputShape {
  switch (job.kind) {
    case 'guardduty-sdk-finding':
      return 'guardduty-sdk-finding';
    case 'securityhub-asff-finding':
      return 'securityhub-asff-finding';
    case 'lambda-sns-event':
      return 'lambda-sns-event';
    case 'sns-notification':
      return 'sns-notification';
    case 'cloudtrail-detection':
      return 'cloudtrail-record';
    case 'eventbridge-event': {
      const shape = detectShape(job.payload);
      if (!EVENTBRIDGE_SHAPES.includes(shape)) {
        throw reject(
          'EventBridge event',
          'detail-type',
          `missing (expected string); this looks like a ${shapeLabel(shape)}`,
        );
      }
      return shape;
    }
    case 'unknown':
      return detectShape(job.payload);
  }
}

function fromDetectionJob(job: IntakeJob, context: NormalizeContext): Outcome {
  const name = 'CloudTrail detection job';
  if (job.detectionId === undefined) throw reject(name, 'detectionId', 'missing (expected string)');
  if (context.detections === undefined) {
    throw reject(name, 'detectionId', `cannot look up "${job.detectionId}": no detection catalog was given`);
  }
  const detection = context.detections.byId(job.detectionId);
  if (detection === undefined)
    throw reject(name, 'detectionId', `no detection "${job.detectionId}" in the catalog`);
  const records = detectionJobRecords(job.payload);
  return normalized([alertFromParsedRecords(detection, records, job.payload, context.receivedAt)]);
}

/** Every alert leaves here valid against the shared schema; a misfit names the field. */
function checked(alert: Alert, shape: InputShape): Alert {
  const result = alertSchema.safeParse(alert);
  if (result.success) return alert;
  throw new InputError(
    `${shapeLabel(shape)} gave an alert that fails the Alert schema`,
    zodProblems(result.error),
  );
}

export function normalize(job: IntakeJob, options: NormalizeOptions): NormalizeResult {
  const context = resolveContext(options, parseAwsDate(job.receivedAt));
  let shape: InputShape | undefined;
  try {
    shape = shapeOfJob(job);
    const outcome =
      job.kind === 'cloudtrail-detection'
        ? fromDetectionJob(job, context)
        : fromShape(shape, job.payload, context);
    if (outcome.status === 'ignored') {
      return outcome.audit
        ? { status: 'ignored', shape, reason: outcome.reason, audit: outcome.audit }
        : { status: 'ignored', shape, reason: outcome.reason };
    }
    const known: InputShape = shape;
    return { status: 'normalized', shape, alerts: outcome.alerts.map((alert) => checked(alert, known)) };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return shape === undefined ? { status: 'rejected', error } : { status: 'rejected', shape, error };
  }
}

/** `normalize` for a bare input of unknown shape (CLI, replay, tests), received now. */
export function normalizeInput(input: unknown, options: NormalizeOptions): NormalizeResult {
  return normalize(
    { kind: 'unknown', receivedAt: options.now().toISOString(), origin: 'direct', payload: input },
    options,
  );
}
