import { z } from 'zod';

/** Job data on the `slack-outbox` queue, validated when a worker picks a job up. */
export const cardJobSchema = z.object({
  incidentId: z.string(),
  channel: z.string(),
  version: z.number().int(),
});
export type CardJob = z.infer<typeof cardJobSchema>;

export const messageJobSchema = z.object({
  idempotencyKey: z.string(),
  channel: z.string(),
  text: z.string(),
  blocks: z.array(z.unknown()).optional(),
  threadOfIncident: z.string().optional(),
  /** Place in the incident's thread, so timeline entries appear in the order they happened. */
  seq: z.number().int().min(1).optional(),
  threadTs: z.string().optional(),
  unfurl: z.boolean().optional(),
});
export type MessageJob = z.infer<typeof messageJobSchema>;

export const messageUpdateJobSchema = z.object({
  postedKey: z.string(),
  channel: z.string(),
  version: z.number().int().min(1),
});
export type MessageUpdateJob = z.infer<typeof messageUpdateJobSchema>;

/** What `updateMessage` stored; the job sends whatever is newest when it runs. */
export const messageContentSchema = z.object({
  version: z.number().int(),
  text: z.string(),
  blocks: z.array(z.unknown()).optional(),
});

export const ephemeralJobSchema = z.object({
  channel: z.string(),
  user: z.string(),
  text: z.string(),
  blocks: z.array(z.unknown()).optional(),
});

export const fileJobSchema = z.object({
  idempotencyKey: z.string(),
  channel: z.string(),
  filename: z.string(),
  title: z.string(),
  contentBase64: z.string(),
  initialComment: z.string().optional(),
  blocks: z.array(z.unknown()).optional(),
  threadTs: z.string().optional(),
});
