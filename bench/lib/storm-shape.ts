/**
 * The shape of an alert storm, shared by the rig that runs the bot in one process (`storm`,
 * `storm-large`) and the one that runs it as deployed (`ack-latency`): which findings, in what
 * order, and how their accounts are routed to the storm's channels.
 */
export interface StormSpec {
  readonly findings: number;
  readonly perFinding: number;
  readonly channels: number;
  /** Spread the sending over this many seconds; 0 sends as fast as the intake answers. */
  readonly sendSeconds: number;
}

export const SMALL_STORM: StormSpec = { findings: 50, perFinding: 200, channels: 1, sendSeconds: 10 };
export const LARGE_STORM: StormSpec = { findings: 500, perFinding: 200, channels: 10, sendSeconds: 0 };

/** The first storm channel: every storm has cards there. */
export const STORM_CHANNEL = 'C0STORM001';
/** Events per intake request: the storm is sent in requests of this many. */
export const STORM_BATCH = 100;

/** Makes occurrence `count` of finding `n` in `account` (rig.ts's `findingEvent`). */
export type FindingEventFactory = (n: number, count: number, account: string) => unknown;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const stormChannel = (i: number) => (i === 0 ? STORM_CHANNEL : `C0STORM${String(i + 1).padStart(3, '0')}`);
const stormAccount = (i: number) => `2222333344${String(i).padStart(2, '0')}`;

export function stormChannels(spec: StormSpec): string[] {
  return Array.from({ length: spec.channels }, (_, i) => stormChannel(i));
}

/** Routes account i to storm channel i. */
export function stormRouting(spec: StormSpec): string {
  const rules = stormChannels(spec).map(
    (channel, i) => `    - match: { account: "${stormAccount(i)}" }\n      channels: [${channel}]`,
  );
  return `routing:\n  rules:\n${rules.join('\n')}`;
}

/** Every occurrence in the order a storm sends them: round after round over all findings. */
export function stormEvents(spec: StormSpec, findingEvent: FindingEventFactory): unknown[] {
  const order: unknown[] = [];
  for (let c = 1; c <= spec.perFinding; c++)
    for (let n = 0; n < spec.findings; n++)
      order.push(findingEvent(10_000 + n, c, stormAccount(n % spec.channels)));
  return order;
}

/** How long to wait for a storm to settle once sent: long enough for Slack's per-channel budget. */
export function settleBudgetMs(spec: StormSpec): number {
  return 110_000 + (spec.findings * spec.perFinding) / 100;
}

/**
 * Sends the storm in requests of STORM_BATCH events, spread over `sendSeconds`; returns the
 * seconds it took. Throws if the intake refuses a request, since the figures would then be wrong.
 */
export async function sendStorm(
  post: (events: unknown[]) => Promise<number>,
  spec: StormSpec,
  findingEvent: FindingEventFactory,
): Promise<number> {
  const started = performance.now();
  const order = stormEvents(spec, findingEvent);
  for (let i = 0; i < order.length; i += STORM_BATCH) {
    const status = await post(order.slice(i, i + STORM_BATCH));
    if (status !== 202) throw new Error(`intake answered ${status}`);
    await sleep(Math.max(0, started + (i / order.length) * spec.sendSeconds * 1000 - performance.now()));
  }
  return (performance.now() - started) / 1000;
}
