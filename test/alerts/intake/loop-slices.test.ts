import { describe, expect, it } from 'vitest';
import { loopSlices } from '../../../src/alerts/intake/loop-slices.js';

describe('loopSlices', () => {
  it('is due once its slice of time is used, and starts a new slice after yielding', async () => {
    let clock = 0;
    const slices = loopSlices(5, () => clock);
    expect(slices.due()).toBe(false);
    clock = 4.9;
    expect(slices.due()).toBe(false);
    clock = 5;
    expect(slices.due()).toBe(true);
    await slices.next();
    expect(slices.due()).toBe(false);
    clock = 10;
    expect(slices.due()).toBe(true);
  });

  it('lets callbacks already waiting run when it yields', async () => {
    const slices = loopSlices(0);
    let ran = false;
    setImmediate(() => {
      ran = true;
    });
    await slices.next();
    expect(ran).toBe(true);
  });
});
