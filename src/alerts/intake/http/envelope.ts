import { z } from 'zod';

/** What every event posted to the EventBridge intake must be, whatever its detail-type. */
export const envelopeSchema = z.looseObject({
  id: z.string().min(1),
  'detail-type': z.string().min(1),
  source: z.string().min(1),
  detail: z.record(z.string(), z.unknown()),
});

const nonEmptyString = (value: unknown): boolean => typeof value === 'string' && value.length > 0;

/** An object as JSON.parse makes it: the kind `z.record` takes without question. */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype &&
    !Object.hasOwn(value, 'constructor') &&
    Object.getOwnPropertySymbols(value).length === 0
  );
}

/**
 * True only for an event `envelopeSchema` accepts, checked without building zod's copy of the
 * event and of its detail (garbage on every event of a busy intake, in the loop that also serves
 * Slack's acks). False means "let `envelopeSchema` decide": it names what is wrong, or accepts an
 * envelope this check is stricter about.
 */
export function isEnvelope(event: unknown): boolean {
  if (!isJsonObject(event)) return false;
  return (
    nonEmptyString(event.id) &&
    nonEmptyString(event['detail-type']) &&
    nonEmptyString(event.source) &&
    isJsonObject(event.detail)
  );
}
