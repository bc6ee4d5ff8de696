import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../../../platform/json.js';
import type { Metrics } from '../../../platform/metrics.js';
import { isAlarmLambdaEvent } from '../../alarm/normalize.js';
import { type AcceptDeps, acceptInputs } from '../accept.js';
import type { IntakeJob } from '../intake-job.js';
import { envelopeSchema, isEnvelope } from './envelope.js';
import { isRedisUnavailable, respondBadRequest, respondToFailure, respondWithOutcome } from './respond.js';

export const EVENTBRIDGE_PATH = '/intake/eventbridge';
/** EventBridge API destinations are configured to send the shared key in this header. */
export const API_KEY_HEADER = 'x-watchkeeper-api-key';

export interface EventBridgeRouteOptions {
  apiKey: string | undefined;
  bodyLimitBytes: number;
  metrics: Metrics;
  accept: AcceptDeps;
}

/** `{"Records": [{"Sns": {...}}, ...]}`: the event Lambda gets from an SNS topic. */
const lambdaSnsEventSchema = z.looseObject({
  Records: z.array(z.looseObject({ Sns: z.looseObject({ Type: z.string(), Message: z.string() }) })).min(1),
});

function isLambdaSnsEvent(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && 'Records' in body;
}

/**
 * POST /intake/eventbridge: one EventBridge event or an array of them (GuardDuty Finding,
 * CloudWatch Alarm State Change, AWS API Call via CloudTrail, Security Hub Findings - Imported,
 * Findings Imported V2, Config Rules Compliance Change, GuardDuty Malware Protection Object Scan
 * Result), from an API destination; or a Lambda SNS event (`{"Records": [{"Sns": ...}]}`) that
 * an existing SNS-to-Slack Lambda forwards with the same API key; or the event an alarm's Lambda
 * action invokes a function with (`{"alarmArn": ..., "alarmData": {...}}`), forwarded the same way.
 */
export function mountEventBridgeIntake(app: Express, options: EventBridgeRouteOptions): void {
  const parse = express.json({ limit: options.bodyLimitBytes, type: () => true, strict: false });
  app.post(
    EVENTBRIDGE_PATH,
    (req, res, next) => {
      const denied = checkApiKey(req, options.apiKey);
      if (denied) {
        options.metrics.intakeRejected.inc({ endpoint: 'eventbridge', reason: denied.reason });
        res.status(denied.status).json({ error: denied.reason, message: denied.message });
        return;
      }
      next();
    },
    parse,
    (req, res, next) => {
      // JSON.parse copes with any nesting, but what runs on the value next (zod, the normalizers,
      // JSON.stringify when it is stored) recurses: refuse a too-deep body here, by name.
      if (exceedsJsonDepth(req.body)) {
        options.metrics.intakeRejected.inc({ endpoint: 'eventbridge', reason: 'too_deep' });
        respondBadRequest(
          res,
          `the body is nested deeper than ${MAX_JSON_DEPTH} levels; no EventBridge event nests that deep`,
          'too_deep',
        );
        return;
      }
      next();
    },
    (req: Request, res: Response, next: NextFunction) => {
      handle(req, res, options).catch(next);
    },
  );
}

async function handle(req: Request, res: Response, options: EventBridgeRouteOptions): Promise<void> {
  const body: unknown = req.body;
  if (isLambdaSnsEvent(body)) {
    const parsed = lambdaSnsEventSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      options.metrics.intakeRejected.inc({ endpoint: 'eventbridge', reason: 'not_an_event' });
      respondBadRequest(
        res,
        `not a Lambda SNS event: ${(issue?.path ?? []).map(String).join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
      );
      return;
    }
    const job: IntakeJob = {
      kind: 'lambda-sns-event',
      receivedAt: options.accept.now().toISOString(),
      origin: 'eventbridge',
      payload: body,
    };
    await store([job], res, options);
    return;
  }
  if (isAlarmLambdaEvent(body)) {
    // Not an EventBridge envelope: the alarm normalizer checks every field (a bad one is a 400).
    const job: IntakeJob = {
      kind: 'unknown',
      receivedAt: options.accept.now().toISOString(),
      origin: 'eventbridge',
      payload: body,
    };
    await store([job], res, options);
    return;
  }
  const events = Array.isArray(body) ? body : [body];
  if (events.length === 0) {
    respondBadRequest(res, 'the body is an empty array; send one EventBridge event or an array of them');
    return;
  }
  const jobs: IntakeJob[] = [];
  for (const [index, event] of events.entries()) {
    const parsed = isEnvelope(event) ? undefined : envelopeSchema.safeParse(event);
    if (parsed && !parsed.success) {
      const issue = parsed.error.issues[0];
      const where = [Array.isArray(body) ? `[${index}]` : '', ...(issue?.path ?? []).map(String)]
        .filter(Boolean)
        .join('.');
      options.metrics.intakeRejected.inc({ endpoint: 'eventbridge', reason: 'not_an_event' });
      respondBadRequest(res, `not an EventBridge event: ${where || 'body'}: ${issue?.message ?? 'invalid'}`);
      return;
    }
    jobs.push({
      kind: 'eventbridge-event',
      receivedAt: options.accept.now().toISOString(),
      origin: 'eventbridge',
      payload: event,
    });
  }
  await store(jobs, res, options);
}

async function store(jobs: IntakeJob[], res: Response, options: EventBridgeRouteOptions): Promise<void> {
  try {
    const outcome = await acceptInputs(jobs, options.accept);
    options.metrics.intakeAccepted.inc({ endpoint: 'eventbridge' }, outcome.accepted);
    respondWithOutcome(res, outcome);
  } catch (error) {
    if (isRedisUnavailable(error))
      options.accept.logger.warn(
        { err: error },
        'eventbridge intake could not store the events: Redis is unavailable',
      );
    else options.accept.logger.error({ err: error }, 'eventbridge intake failed while storing the events');
    respondToFailure(res, error);
  }
}

function checkApiKey(
  req: Request,
  expected: string | undefined,
): { status: number; reason: string; message: string } | undefined {
  if (!expected) {
    return {
      status: 404,
      reason: 'not_configured',
      message: 'EventBridge intake is off: set WATCHKEEPER_EVENTBRIDGE_API_KEY to turn it on',
    };
  }
  const given = req.headers[API_KEY_HEADER];
  if (typeof given !== 'string' || given.length === 0) {
    return {
      status: 401,
      reason: 'missing_api_key',
      message: `send the API key in the ${API_KEY_HEADER} header`,
    };
  }
  // Hashing both sides gives equal-length buffers, so the comparison time says nothing about the key.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  if (!timingSafeEqual(a, b))
    return { status: 403, reason: 'bad_api_key', message: 'the API key is not valid' };
  return undefined;
}
