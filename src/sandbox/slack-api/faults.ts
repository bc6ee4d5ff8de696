/**
 * Fault injection: a share of Web API calls answer HTTP 429 (with Retry-After) or 5xx instead of
 * doing their work, and an optional per-channel posting limit answers 429 the way Slack does
 * above ~1 message per second per channel; those faulted calls change nothing in the store.
 * Two outages are harder: a call performed whose answer is lost (`failAfterPerforming`), and
 * Slack unreachable (`unreachable`: connections dropped).
 */
export interface FaultConfig {
  /** Share (0..1) of calls that answer 429. @defaultValue 0 */
  rateLimitShare?: number;
  /** Retry-After seconds on injected 429s. @defaultValue 1 */
  retryAfterSeconds?: number;
  /** Share (0..1) of calls that answer 5xx. @defaultValue 0 */
  serverErrorShare?: number;
  /** Which 5xx to answer. @defaultValue 500 */
  serverErrorStatus?: 500 | 502 | 503 | 504;
  /** Limit shares to these methods; all methods when absent. */
  methods?: string[];
  /** Answer 429 when one channel gets more than this many chat.postMessage in a second. Off when absent. */
  channelPostsPerSecond?: number;
  /**
   * The next this-many calls (of `methods`, or any) are performed and then answered 500, as when
   * Slack posts a message but the answer is lost: the caller cannot tell it happened.
   */
  failAfterPerforming?: number;
  /** Every call's connection is dropped before it is read: Slack cannot be reached at all. */
  unreachable?: boolean;
  /** Calls (of `methods`, or any) are performed at once but answered this much later. @defaultValue 0 */
  latencyMs?: number;
}

export type Fault =
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'server_error'; status: number }
  | { kind: 'fail_after_performing' };

export class Faults {
  private config: FaultConfig = {};
  private readonly posts = new Map<string, number[]>();

  constructor(private readonly random: () => number) {}

  set(config: FaultConfig): void {
    for (const share of [config.rateLimitShare, config.serverErrorShare]) {
      if (share !== undefined && (share < 0 || share > 1))
        throw new RangeError('fault shares must be between 0 and 1');
    }
    this.config = { ...config };
  }

  /** How long to hold the answer to a call that has been performed. */
  latencyFor(method: string): number {
    const { methods, latencyMs = 0 } = this.config;
    return methods && !methods.includes(method) ? 0 : latencyMs;
  }

  clear(): void {
    this.config = {};
    this.posts.clear();
  }

  current(): Readonly<FaultConfig> {
    return this.config;
  }

  /** Decides whether this call fails before it runs. Draws from the random source only when a share is set. */
  pick(method: string): Fault | undefined {
    const { methods, rateLimitShare = 0, serverErrorShare = 0 } = this.config;
    if (methods && !methods.includes(method)) return undefined;
    if ((this.config.failAfterPerforming ?? 0) > 0) {
      this.config = { ...this.config, failAfterPerforming: (this.config.failAfterPerforming ?? 0) - 1 };
      return { kind: 'fail_after_performing' };
    }
    if (rateLimitShare > 0 && this.random() < rateLimitShare) {
      return { kind: 'rate_limited', retryAfterSeconds: this.config.retryAfterSeconds ?? 1 };
    }
    if (serverErrorShare > 0 && this.random() < serverErrorShare) {
      return { kind: 'server_error', status: this.config.serverErrorStatus ?? 500 };
    }
    return undefined;
  }

  /** The per-channel posting limit: a 429 when the last second already holds the limit's worth of posts. */
  checkChannelPost(channel: string, nowMs: number): Fault | undefined {
    const limit = this.config.channelPostsPerSecond;
    if (limit === undefined) return undefined;
    const recent = (this.posts.get(channel) ?? []).filter((t) => nowMs - t < 1000);
    this.posts.set(channel, recent);
    if (recent.length < limit) return undefined;
    const oldest = recent[0] ?? nowMs;
    return {
      kind: 'rate_limited',
      retryAfterSeconds: Math.max(1, Math.ceil((oldest + 1000 - nowMs) / 1000)),
    };
  }

  recordChannelPost(channel: string, nowMs: number): void {
    const list = this.posts.get(channel) ?? [];
    list.push(nowMs);
    this.posts.set(channel, list);
  }
}
