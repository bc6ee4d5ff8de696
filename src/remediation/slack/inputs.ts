import { z } from 'zod';
import { REMEDIATION_ACTION_IDS } from '../../platform/config/remediation.js';
import { decodeContainValue } from './ids.js';

/**
 * What containment reads from Slack payloads, validated before use: the Contain… option value,
 * a button's request id and the modal's reason. Each failure has its own message for the user.
 */

export const REASON_MIN = 3;
export const REASON_MAX = 500;

const containChoiceSchema = z.object({
  actionId: z.enum(REMEDIATION_ACTION_IDS, { error: 'is not a containment action Watchkeeper knows' }),
  incidentId: z.string().regex(/^INC-[A-Z0-9]{1,40}$/, 'is not an incident id (INC-…)'),
});
export type ContainChoice = z.infer<typeof containChoiceSchema>;

const requestIdSchema = z
  .string()
  .min(1, 'is missing')
  .max(300, 'is too long')
  .regex(/^[^:|\s]+\.\d{1,9}$/, 'is not a containment request id');

const reasonSchema = z
  .string()
  .trim()
  .min(REASON_MIN, `Say why in at least ${REASON_MIN} characters.`)
  .max(REASON_MAX, `Keep the reason under ${REASON_MAX} characters.`);

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };

function firstProblem(error: z.ZodError, what: string): string {
  const issue = error.issues[0];
  const field = issue?.path.join('.') ?? '';
  return `${what}${field ? ` (${field})` : ''} ${issue?.message ?? 'is invalid'}.`;
}

export function parseContainChoice(value: string | undefined): Parsed<ContainChoice> {
  const decoded = decodeContainValue(value ?? '');
  if (!decoded) return { ok: false, message: 'That Contain… choice is not one Watchkeeper made.' };
  const parsed = containChoiceSchema.safeParse(decoded);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, message: firstProblem(parsed.error, 'That Contain… choice') };
}

export function parseRequestButton(value: string | undefined): Parsed<string> {
  const parsed = requestIdSchema.safeParse(value ?? '');
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, message: firstProblem(parsed.error, 'The button value') };
}

export function parseReason(value: string | null | undefined): Parsed<string> {
  const parsed = reasonSchema.safeParse(value ?? '');
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, message: parsed.error.issues[0]?.message ?? 'Say why.' };
}
