import { z } from 'zod';
import { REMEDIATION_ACTION_IDS } from '../platform/config/remediation.js';
import type { ApiCall } from './actions/types.js';

/**
 * A containment request as stored in Redis: what was previewed (the action's state and the exact
 * calls), who asked and why, who approved, and what happened. It is read back through this schema,
 * so a record from another version or a hand edit is refused with a specific message, never run.
 */

export const REQUEST_STATUSES = [
  /** Waiting for a second person in the thread. */
  'pending-approval',
  /** Approved (or needed no approval); the job is queued. */
  'approved',
  /** The job is applying it. */
  'running',
  'succeeded',
  'failed',
  'rejected',
  'expired',
  'undoing',
  'undone',
  'undo-failed',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** While a request is in one of these, asking again for the same incident, action and resource is refused. */
export const ACTIVE_STATUSES: readonly RequestStatus[] = [
  'pending-approval',
  'approved',
  'running',
  'succeeded',
  'undoing',
  'undo-failed',
];

const jsonValue: z.ZodType<unknown> = z.unknown();

export const apiCallSchema = z.object({
  service: z.enum(['IAM', 'EC2', 'S3']),
  operation: z.string(),
  action: z.string(),
  resource: z.string(),
  params: z.record(z.string(), jsonValue),
}) as unknown as z.ZodType<ApiCall>;

export const permissionCheckSchema = z.union([
  z.object({ checked: z.literal(true), denied: z.array(z.string()) }),
  z.object({ checked: z.literal(false), reason: z.string() }),
]);

/** What the preview modal showed; the submission turns it into a request. */
export const previewRecordSchema = z.object({
  previewId: z.string(),
  incidentId: z.string(),
  actionId: z.enum(REMEDIATION_ACTION_IDS),
  accountId: z.string(),
  region: z.string(),
  resourceLabel: z.string(),
  /** Deterministic per incident, action and resource: request ids and job ids derive from it. */
  subjectKey: z.string().regex(/^[^:]+$/, 'must not contain ":" (it is part of BullMQ job ids)'),
  state: jsonValue,
  calls: z.array(apiCallSchema),
  undoCalls: z.array(apiCallSchema).nullable(),
  consequence: z.string(),
  cannotUndo: z.string().optional(),
  permissions: permissionCheckSchema,
  nothingToDo: z.string().optional(),
  previewedBy: z.string(),
  previewedAt: z.string(),
});
export type PreviewRecord = z.infer<typeof previewRecordSchema>;

export const verificationSchema = z.object({ ok: z.boolean(), observed: z.string() });

export const requestRecordSchema = previewRecordSchema.extend({
  requestId: z.string().regex(/^[^:]+$/, 'must not contain ":"'),
  status: z.enum(REQUEST_STATUSES),
  requestedBy: z.string(),
  requestedByName: z.string(),
  reason: z.string().min(1),
  requestedAt: z.string(),
  secondApprover: z.boolean(),
  /** Two-person requests only. */
  expiresAt: z.string().optional(),
  /** A Slack user id (shown as a mention); records written before that hold a name. */
  approvedBy: z.string().optional(),
  /** A Slack user id (shown as a mention); records written before that hold a name. */
  rejectedBy: z.string().optional(),
  decidedAt: z.string().optional(),
  /** Set once the AWS calls returned, so a retried job verifies instead of applying again. */
  appliedAt: z.string().optional(),
  result: z.object({ verification: verificationSchema.optional(), error: z.string().optional() }).optional(),
  /** A Slack user id (shown as a mention); records written before that hold a name. */
  undoneBy: z.string().optional(),
  /** How many times undo was asked for; part of the undo job's id, so a failed undo can be asked again. */
  undoRound: z.number().int().min(0).default(0),
  undoResult: z
    .object({ verification: verificationSchema.optional(), error: z.string().optional() })
    .optional(),
});
export type RequestRecord = z.infer<typeof requestRecordSchema>;
