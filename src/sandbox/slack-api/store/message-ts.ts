/**
 * Message timestamps as Slack writes them ("1700000000.000100"): seconds and microseconds from
 * the clock, strictly increasing even when the clock stands still, so every ts is unique.
 */
export class MessageTsClock {
  private lastMicros = 0;

  constructor(private readonly now: () => Date) {}

  next(): string {
    const micros = Math.max(this.now().getTime() * 1000, this.lastMicros + 1);
    this.lastMicros = micros;
    const seconds = Math.floor(micros / 1_000_000);
    const fraction = String(micros % 1_000_000).padStart(6, '0');
    return `${seconds}.${fraction}`;
  }
}

/** Milliseconds since epoch for a ts string. */
export function tsToMillis(ts: string): number {
  return Number(ts) * 1000;
}
