import { describe, expect, it } from 'vitest';
import { snsJobId } from '../../../../src/alerts/intake/sns/job-id.js';

describe('snsJobId', () => {
  it('is the same for a redelivery of the same MessageId', () => {
    expect(snsJobId({ MessageId: '5f7d2c1e-8a4b' })).toBe(snsJobId({ MessageId: '5f7d2c1e-8a4b' }));
  });

  it('differs between messages and never contains a colon', () => {
    const a = snsJobId({ MessageId: 'a:b' });
    expect(a).not.toContain(':');
    expect(a).not.toBe(snsJobId({ MessageId: 'a_c' }));
    expect(a.startsWith('sns.')).toBe(true);
  });
});
