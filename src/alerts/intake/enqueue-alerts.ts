import type { Queue } from 'bullmq';
import type { IntakeJob } from './intake-job.js';

/** One `alerts` queue entry, as `Queue.addBulk` takes it. */
export interface AlertBulkEntry<Data = unknown> {
  readonly name: string;
  readonly data: Data;
  readonly opts: { readonly jobId: string };
}

/** The queue entries of one input (one per alert it normalized to). */
export interface InputEntries<Data = unknown> {
  readonly index: number;
  readonly job: IntakeJob;
  readonly entries: readonly AlertBulkEntry<Data>[];
}

/** An input none of whose alerts was stored: one of them cannot be serialized. */
export interface Unstorable<Data = unknown> {
  readonly input: InputEntries<Data>;
  readonly error: unknown;
}

/**
 * Stores every input's alerts in one `addBulk` (as `pack` makes them into queue entries: by
 * default one per alert) and returns the inputs that could not be stored
 * because their data cannot be serialized (JSON.stringify overflowing on a deeply nested `raw`,
 * a cycle, a BigInt), so the caller dead-letters them; everything else is stored.
 *
 * BullMQ serializes each job's data itself, once per job, before it sends anything, so an
 * unserializable input makes the call throw. Only then is each input serialized here to find
 * which: serializing every alert up front to find out (as before) cost each intake request a
 * second copy of all its data. If the call failed for another reason (Redis), no input explains
 * it and the error propagates, as it does from the second call. Should a future BullMQ send some
 * jobs before it fails, adding them again stores nothing twice (job ids dedupe), or, packed anew
 * into another batch, applies an alert twice and counts it once (the engine remembers revisions).
 */
export async function enqueueAlerts<Data>(
  queue: Pick<Queue, 'addBulk'>,
  inputs: readonly InputEntries<Data>[],
  pack: (entries: readonly AlertBulkEntry<Data>[]) => readonly AlertBulkEntry[] = (entries) => entries,
): Promise<Unstorable<Data>[]> {
  const entries = inputs.flatMap((input) => input.entries);
  if (entries.length === 0) return [];
  try {
    await queue.addBulk(pack(entries) as AlertBulkEntry[]);
    return [];
  } catch (error) {
    const unstorable = inputs.flatMap((input): Unstorable<Data>[] => {
      const failure = serializationFailure(input);
      return failure === undefined ? [] : [{ input, error: failure.error }];
    });
    if (unstorable.length === 0) throw error;
    const kept = inputs.filter((input) => !unstorable.some((u) => u.input === input));
    const rest = kept.flatMap((input) => input.entries);
    if (rest.length > 0) await queue.addBulk(pack(rest) as AlertBulkEntry[]);
    return unstorable;
  }
}

function serializationFailure(input: InputEntries<unknown>): { error: unknown } | undefined {
  try {
    for (const entry of input.entries) JSON.stringify(entry.data);
    return undefined;
  } catch (error) {
    return { error };
  }
}
