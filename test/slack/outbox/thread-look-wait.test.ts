import { describe, expect, it } from 'vitest';
import { threadLookWaitMs } from '../../../src/slack/outbox/process-message.js';

/** A thread message waiting for its card looks quickly at first, then less often, never rarely. */
describe('threadLookWaitMs', () => {
  it('looks again after the floor while the message is young', () => {
    expect(threadLookWaitMs(0, 1_000)).toBe(1_000);
    expect(threadLookWaitMs(1_500, 1_000)).toBe(1_000);
    expect(threadLookWaitMs(100, 250)).toBe(250);
  });

  it('waits half its age once that is longer, and at most 5 s', () => {
    expect(threadLookWaitMs(4_000, 1_000)).toBe(2_000);
    expect(threadLookWaitMs(9_000, 250)).toBe(4_500);
    expect(threadLookWaitMs(60_000, 1_000)).toBe(5_000);
  });

  it('takes about a dozen looks, not one a second, for a card that waits a minute', () => {
    let age = 0;
    let looks = 0;
    while (age < 60_000) {
      age += threadLookWaitMs(age, 1_000);
      looks++;
    }
    expect(looks).toBeLessThanOrEqual(20);
    expect(looks).toBeGreaterThan(8);
  });
});
