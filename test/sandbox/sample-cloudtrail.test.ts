import { describe, expect, it } from 'vitest';
import { loadDetectionCatalog } from '../../src/alerts/detections/catalog-loader.js';
import {
  SAMPLE_EVENT_EVERY_MS,
  SampleCloudTrailLogsPort,
} from '../../src/sandbox/sample-account/cloudtrail.js';

/** Reads every page of one detection's matches over a time range, as log watch does. */
async function matches(
  port: SampleCloudTrailLogsPort,
  filterPattern: string,
  startTime: number,
  endTime: number,
) {
  const events = [];
  let nextToken: string | undefined;
  do {
    const page = await port.filterLogEvents({
      logGroupName: 'sample-cloudtrail',
      filterPattern,
      startTime,
      endTime,
      ...(nextToken ? { nextToken } : {}),
    });
    events.push(...page.events);
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

describe('the sandbox CloudTrail log group', () => {
  const end = Date.parse('2026-11-29T12:00:00Z');
  const start = end - 2 * 60 * 60_000;

  it('gives the CIS detections hits with CloudTrail evidence, and nothing to the rest', async () => {
    const catalog = await loadDetectionCatalog();
    const port = new SampleCloudTrailLogsPort();
    const hits = new Map<string, number>();
    for (const d of catalog.detections)
      hits.set(d.id, (await matches(port, d.filterPattern, start, end)).length);
    const firing = [...hits].filter(([, n]) => n > 0).map(([id]) => id);
    // Console sign-in without MFA, root use, IAM policy change, security group change,
    // CloudTrail stopped, KMS key scheduled for deletion: at least five different detections.
    expect(firing.length).toBeGreaterThanOrEqual(5);
    expect(firing.length).toBeLessThan(catalog.detections.length);
    const all = await matches(port, '{ $.eventName = * }', start, end);
    expect(all.length).toBe(Math.floor((end - start) / SAMPLE_EVENT_EVERY_MS) + 1);
    const some = await matches(
      port,
      catalog.detections.find((d) => hits.get(d.id))?.filterPattern ?? '',
      start,
      end,
    );
    expect(some[0]?.record).toMatchObject({
      eventSource: expect.any(String),
      userIdentity: { accountId: expect.any(String) },
    });
  });

  it('answers the same range the same way and pages like CloudWatch Logs', async () => {
    const port = new SampleCloudTrailLogsPort();
    const first = await matches(port, '{ $.eventName = * }', start, end);
    const again = await matches(port, '{ $.eventName = * }', start, end);
    expect(again.map((e) => e.eventId)).toEqual(first.map((e) => e.eventId));
    const page = await port.filterLogEvents({
      logGroupName: 'x',
      filterPattern: '{ $.eventName = * }',
      startTime: start,
      endTime: end,
    });
    expect(page.events.length).toBe(50);
    expect(page.nextToken).toBeDefined();
    expect(first.map((e) => e.timestampMs)).toEqual(
      [...first.map((e) => e.timestampMs)].sort((a, b) => a - b),
    );
  });
});
