import { z } from 'zod';
import type { Alert } from '../alert.js';
import { DETAIL_TYPES, eventBridgeEnvelopeSchema } from '../eventbridge.js';
import type { NormalizeContext } from '../options.js';
import { parseAs, reject } from '../problems.js';
import { alertFromParsedFinding } from './normalize.js';
import { camelCaseKeys } from './pascal.js';
import { guardDutyFindingSchema } from './schema.js';

/**
 * The wrappers findings travel in: a GetFindings response (JSON `{"findings": [...]}` or SDK
 * `{ Findings: [...] }`, possibly empty) and an EventBridge "GuardDuty Finding" event.
 */

const RESPONSE_NAME = 'GuardDuty GetFindings response';
const EVENT_NAME = 'EventBridge "GuardDuty Finding" event';

const wireResponseSchema = z.looseObject({ findings: z.array(z.unknown()) });
const sdkResponseSchema = z.looseObject({ Findings: z.array(z.unknown()) });

function isSdkResponse(input: unknown): boolean {
  return typeof input === 'object' && input !== null && 'Findings' in input && !('findings' in input);
}

/** Every finding of a GetFindings response; an empty response gives no alerts. */
export function alertsFromGetFindingsResponse(input: unknown, context: NormalizeContext): Alert[] {
  if (!isSdkResponse(input)) {
    const response = parseAs(wireResponseSchema, input, RESPONSE_NAME);
    return response.findings.map((item, index) => {
      const style = { prefix: `findings[${index}]` };
      const finding = parseAs(guardDutyFindingSchema, item, RESPONSE_NAME, style);
      return alertFromParsedFinding(finding, item, context, { shapeName: RESPONSE_NAME, style });
    });
  }
  const response = parseAs(sdkResponseSchema, input, RESPONSE_NAME);
  return response.Findings.map((item, index) => {
    const style = { prefix: `Findings[${index}]`, pascalCase: true };
    const finding = parseAs(guardDutyFindingSchema, camelCaseKeys(item), RESPONSE_NAME, style);
    return alertFromParsedFinding(finding, item, context, { shapeName: RESPONSE_NAME, style });
  });
}

/** The finding in `detail`; the event's account and region stand in if the finding lacks them. */
export function alertFromGuardDutyEvent(input: unknown, context: NormalizeContext): Alert {
  const event = parseAs(eventBridgeEnvelopeSchema, input, EVENT_NAME);
  if (event['detail-type'] !== DETAIL_TYPES.guardDutyFinding) {
    throw reject(
      EVENT_NAME,
      'detail-type',
      `expected "${DETAIL_TYPES.guardDutyFinding}", got ${JSON.stringify(event['detail-type'])}`,
    );
  }
  const style = { prefix: 'detail' };
  const finding = parseAs(guardDutyFindingSchema, event.detail, EVENT_NAME, style);
  const envelope = { accountId: event.account ?? undefined, region: event.region ?? undefined };
  return alertFromParsedFinding(finding, input, context, { shapeName: EVENT_NAME, style, envelope });
}
