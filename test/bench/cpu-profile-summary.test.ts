import { describe, expect, it } from 'vitest';
import { areaOf, summarise } from '../../bench/lib/cpu-profile-summary.js';

describe('the CPU profile summary', () => {
  it('puts each script in its area: a package, a project folder, node, or a V8 pseudo-frame', () => {
    expect(areaOf('file:///app/node_modules/@slack/web-api/dist/WebClient.js', 'apiCall')).toBe(
      'pkg:@slack/web-api',
    );
    expect(areaOf('file:///app/node_modules/ioredis/built/Redis.js', 'sendCommand')).toBe('pkg:ioredis');
    expect(areaOf('file:///app/dist/src/slack/outbox/process-card.js', 'syncCard')).toBe('src/slack');
    expect(areaOf('file:///app/dist/workflows/outbox.js', 'x')).toBe('workflows/outbox.js');
    expect(areaOf('node:internal/stream_base_commons', 'handleWriteReq')).toBe('node-internals');
    expect(areaOf('', '(garbage collector)')).toBe('((garbage collector))');
  });

  it('adds up self time per function and per area, biggest first', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9 });
    const text = summarise({
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2, 3] },
        { id: 2, callFrame: frame('syncCard', 'file:///app/dist/src/slack/outbox/process-card.js') },
        { id: 3, callFrame: frame('sendCommand', 'file:///app/node_modules/ioredis/built/Redis.js') },
      ],
      samples: [2, 3, 3, 3],
      timeDeltas: [1_000, 1_000, 1_000, 1_000],
    });
    expect(text).toContain('total 0.00 s sampled');
    const lines = text.split('\n');
    const areas = lines.slice(
      lines.indexOf('by area (self time)') + 1,
      lines.indexOf('by area (self time)') + 3,
    );
    expect(areas[0]).toMatch(/^ 75\.0% .* pkg:ioredis$/);
    expect(areas[1]).toMatch(/^ 25\.0% .* src\/slack$/);
    expect(text).toContain('sendCommand ioredis/built/Redis.js:10');
  });
});
