import { z } from 'zod';
import { TaskName } from '../platform/queue/names.js';
import { defineTask } from '../platform/queue/task-job.js';

/** The parsed arguments of `/incidents` (the command parses; the worker acts on them). */
const incidentId = z.string().regex(/^INC-[A-Z0-9]+$/);

export const incidentsArgsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('list'), mine: z.boolean() }),
  z.object({ kind: z.literal('show'), id: incidentId }),
  z.object({ kind: z.literal('ack'), id: incidentId }),
  z.object({ kind: z.literal('resolve'), id: incidentId, summary: z.string().min(1) }),
]);
export type IncidentsArgs = z.infer<typeof incidentsArgsSchema>;

export const incidentsTask = defineTask(TaskName.Incidents, incidentsArgsSchema);
