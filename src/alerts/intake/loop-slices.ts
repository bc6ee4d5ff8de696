import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * How long a request's synchronous work may hold the event loop before it hands it back. The web
 * role serves Slack's acks (3-second budget, answered in milliseconds) in the same loop as the
 * intake, whose requests carry up to hundreds of events: normalizing them in one go held every
 * ack queued behind it for tens of milliseconds, hundreds when the process waits for a core.
 */
export const DEFAULT_SLICE_MS = 5;

export interface LoopSlices {
  /** True once the current slice has used its time: the caller should `await next()`. */
  due(): boolean;
  /** Lets every callback already waiting (I/O first) run, then starts a new slice. */
  next(): Promise<void>;
}

/**
 * Cuts a long loop into slices of `sliceMs` of wall time. Checked with `due()` (no promise per
 * item), so a loop that finishes within one slice never yields. Wall time, not CPU time: a process
 * that waited for a core has kept others waiting just as long.
 */
export function loopSlices(
  sliceMs: number = DEFAULT_SLICE_MS,
  now: () => number = performance.now.bind(performance),
): LoopSlices {
  let started = now();
  return {
    due: () => now() - started >= sliceMs,
    async next() {
      // setImmediate runs after the poll phase, so requests already received are served first.
      await nextTurn();
      started = now();
    },
  };
}
