/**
 * Runs a job's items with a bounded number at a time, those with the same key one after another
 * in the order given (occurrences of one finding keep their order), different keys side by side.
 * After the first item that throws, no new item starts; those running finish, and the error is
 * returned with which items were done, so the caller can keep exactly the rest.
 */
export interface RunByKeyResult {
  /** The first error an item threw; undefined when every item ran. */
  readonly error: unknown;
  readonly failed: boolean;
  /** Per item, in the order given: whether its run resolved. */
  readonly done: readonly boolean[];
}

export async function runByKey<T>(
  items: readonly T[],
  options: { readonly keyOf: (item: T, index: number) => string; readonly limit: number },
  run: (item: T, index: number) => Promise<void>,
): Promise<RunByKeyResult> {
  const lanes = new Map<string, number[]>();
  items.forEach((item, index) => {
    const key = options.keyOf(item, index);
    const lane = lanes.get(key);
    if (lane) lane.push(index);
    else lanes.set(key, [index]);
  });
  const queue = [...lanes.values()];
  const done = items.map(() => false);
  let failure: { error: unknown } | undefined;
  const runner = async () => {
    for (let lane = queue.shift(); lane !== undefined && !failure; lane = queue.shift()) {
      for (const index of lane) {
        if (failure) return;
        try {
          await run(items[index] as T, index);
          done[index] = true;
        } catch (error) {
          failure ??= { error };
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.limit, queue.length)) }, runner));
  return { error: failure?.error, failed: failure !== undefined, done };
}
