import { describe, expect, it } from 'vitest';
import { sampleFindingsConfigSchema } from '../../../src/platform/config/sample-findings.js';

/** `alerts.sampleFindings`: how GuardDuty's own generated sample findings are handled. */
describe('the sampleFindings config fragment', () => {
  it('defaults to a separate channel mode', () => {
    expect(sampleFindingsConfigSchema.parse(undefined)).toEqual({ mode: 'channel' });
  });

  it('takes a mode alone or with a channel', () => {
    expect(sampleFindingsConfigSchema.parse('drop')).toEqual({ mode: 'drop' });
    expect(sampleFindingsConfigSchema.parse({ mode: 'channel', channel: 'C0SAMPLES1' })).toEqual({
      mode: 'channel',
      channel: 'C0SAMPLES1',
    });
  });

  it('names what it expected when the value is wrong', () => {
    const bad = sampleFindingsConfigSchema.safeParse('ignore');
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain('drop, channel, normal');
    const channel = sampleFindingsConfigSchema.safeParse({ mode: 'channel', channel: '#samples' });
    expect(JSON.stringify(channel.error?.issues)).toContain('Slack channel id');
  });
});
