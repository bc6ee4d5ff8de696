import { z } from 'zod';
import { DETAIL_TYPES, eventBridgeEnvelopeSchema } from '../eventbridge.js';
import type { NormalizeContext } from '../options.js';
import { parseAs, reject } from '../problems.js';
import { combineOutcomes, type Outcome } from '../result.js';
import { cleanText } from '../text.js';
import { outcomeFromAsffFinding } from './normalize.js';
import { asffFindingSchema } from './schema.js';

/**
 * The containers ASFF findings arrive in: the EventBridge "Security Hub Findings - Imported"
 * event (one finding per event, in `detail.findings`) and the GetFindings response
 * (`{"Findings": [...], "NextToken": ...}`). Every finding in them becomes an alert or a reason.
 */

const EVENT_NAME = 'EventBridge "Security Hub Findings - Imported" event';
const findingsDetailSchema = z.looseObject({ findings: z.array(z.unknown()) });

export function alertsFromSecurityHubEvent(input: unknown, context: NormalizeContext): Outcome {
  const event = parseAs(eventBridgeEnvelopeSchema, input, EVENT_NAME);
  if (event['detail-type'] !== DETAIL_TYPES.securityHubFindingsImported) {
    throw reject(EVENT_NAME, 'detail-type', `expected "${DETAIL_TYPES.securityHubFindingsImported}"`);
  }
  const detail = parseAs(findingsDetailSchema, event.detail, EVENT_NAME, { prefix: 'detail' });
  const envelope = { accountId: cleanText(event.account), region: cleanText(event.region) };
  const outcomes = detail.findings.map((raw, i) => {
    const path = `detail.findings[${i}]`;
    const finding = parseAs(asffFindingSchema, raw, EVENT_NAME, { prefix: path });
    // One finding per event (as AWS sends it): the alert keeps the whole event as raw.
    const kept = detail.findings.length === 1 ? input : raw;
    return outcomeFromAsffFinding(finding, kept, context, { shapeName: EVENT_NAME, path, envelope });
  });
  return combineOutcomes(outcomes, EVENT_NAME);
}

const RESPONSE_NAME = 'Security Hub GetFindings response';
const responseSchema = z.looseObject({ Findings: z.array(z.unknown()) });

export function alertsFromSecurityHubResponse(input: unknown, context: NormalizeContext): Outcome {
  const response = parseAs(responseSchema, input, RESPONSE_NAME);
  const outcomes = response.Findings.map((raw, i) => {
    const path = `Findings[${i}]`;
    const finding = parseAs(asffFindingSchema, raw, RESPONSE_NAME, { prefix: path });
    return outcomeFromAsffFinding(finding, raw, context, { shapeName: RESPONSE_NAME, path });
  });
  return combineOutcomes(outcomes, RESPONSE_NAME);
}
