import { z } from 'zod';
import { ALERT_SOURCES } from '../../alerts/alert.js';
import { conditionsSchema } from './conditions.js';

/**
 * A runbook as stored in workflows/runbooks/<id>.yaml: when it applies (`match`), what a
 * responder does (`steps`, with optional copy-ready AWS CLI commands), and where the guidance
 * comes from (`references`, `frameworks`). Step text and commands may use `{{variables}}` from
 * the alert (see template-variables.ts); `when` (conditions.ts) limits a step or the whole
 * runbook to the alerts it fits.
 */

export const RUNBOOK_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** NIST CSF 2.0 subcategories (`RS.MI-01`) and CIS ids (`CIS AWS 4.3`, `CIS Controls 8.2`). */
export const FRAMEWORK_ID_PATTERN =
  /^(?:(?:GV|ID|PR|DE|RS|RC)\.[A-Z]{2}-\d{2}|CIS AWS \d+(?:\.\d+)+|CIS Controls \d+(?:\.\d+)?)$/;

export const runbookStepSchema = z.strictObject({
  text: z.string().trim().min(1, 'step text must not be empty').max(1000),
  command: z.string().trim().min(1, 'command must not be empty when present').max(2000).optional(),
  /** Only for alerts that fit (a role session, a temporary key, the target of the traffic…). */
  when: conditionsSchema.optional(),
});
export type RunbookStep = z.infer<typeof runbookStepSchema>;

const patternList = z.array(z.string()).min(1, 'list must not be empty when present');

export const runbookMatchSchema = z
  .strictObject({
    /** Globs over GuardDuty finding types (`UnauthorizedAccess:IAMUser/*`); `*` and `?` only. */
    guardDutyTypes: patternList.optional(),
    /** CloudTrail detection ids (exact or glob). */
    detectionIds: patternList.optional(),
    /** Globs over CloudWatch alarm names. */
    alarmNames: patternList.optional(),
    /** Matches every alert of these sources (weaker than any type match). */
    sources: z.array(z.enum(ALERT_SOURCES)).min(1).optional(),
    /** The generic fallback: matches anything, weakest of all. */
    fallback: z.literal(true).optional(),
    /**
     * Narrows the lists above to alerts that fit (resource kind, resource role, principal): a
     * runbook with conditions beats one without at the same level of type match.
     */
    when: conditionsSchema.optional(),
  })
  .refine((m) => Object.entries(m).some(([k, v]) => k !== 'when' && v !== undefined), {
    message: 'match needs at least one of guardDutyTypes, detectionIds, alarmNames, sources, fallback',
  });
export type RunbookMatch = z.infer<typeof runbookMatchSchema>;

export const runbookReferenceSchema = z.strictObject({
  title: z.string().trim().min(1),
  url: z.url({ protocol: /^https$/, error: 'must be an https URL' }).optional(),
});
export type RunbookReference = z.infer<typeof runbookReferenceSchema>;

export const runbookSchema = z.strictObject({
  id: z
    .string()
    .regex(RUNBOOK_ID_PATTERN, 'must be lowercase words joined by hyphens, like guardduty-ec2-instance'),
  title: z.string().trim().min(1).max(150),
  summary: z.string().trim().min(1).max(1000).optional(),
  match: runbookMatchSchema,
  steps: z.array(runbookStepSchema).min(1, 'a runbook needs at least one step').max(100),
  references: z.array(runbookReferenceSchema).min(1, 'cite at least one source for the guidance'),
  frameworks: z.array(
    z
      .string()
      .regex(FRAMEWORK_ID_PATTERN, 'must be a NIST CSF 2.0 id like RS.MI-01 or a CIS id like "CIS AWS 4.3"'),
  ),
});
export type Runbook = z.infer<typeof runbookSchema>;
