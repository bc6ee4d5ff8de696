/**
 * Slack-shaped identifiers from counters, so runs are repeatable: views `V0…`, files `F0…`,
 * trigger ids `<n>.<n>.<hex>`, envelope ids like UUIDs.
 */
export class IdFactory {
  private counter = 0;

  private next(): number {
    this.counter += 1;
    return this.counter;
  }

  slackId(prefix: 'V' | 'F' | 'D'): string {
    return `${prefix}0${this.next().toString(36).toUpperCase().padStart(9, '0')}`;
  }

  hex(length: number): string {
    const n = this.next();
    let out = '';
    let x = (n * 2654435761) >>> 0;
    while (out.length < length) {
      x = (Math.imul(x ^ (x >>> 16), 0x45d9f3b) + n) >>> 0;
      out += x.toString(16).padStart(8, '0');
    }
    return out.slice(0, length);
  }

  triggerId(): string {
    return `${1000000 + this.next()}.${7000000 + this.counter}.${this.hex(32)}`;
  }

  envelopeId(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }
}
