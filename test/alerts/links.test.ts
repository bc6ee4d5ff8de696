import { describe, expect, it } from 'vitest';
import { alarmLink, cloudTrailEventHistoryLink, guardDutyFindingLink } from '../../src/alerts/links.js';

describe('console links of values holding a lone surrogate', () => {
  // encodeURIComponent throws URIError on these; intake must get a link (or none), not an exception.
  it.each([
    ['a GuardDuty finding id', () => guardDutyFindingLink('eu-west-1', 'f-\ud800-1')],
    ['an alarm name', () => alarmLink('eu-west-1', 'root-\udfff-login')],
    ['a CloudTrail filter value', () => cloudTrailEventHistoryLink('eu-west-1', 'Username', 'ops-\ud83d')],
  ])('link %s with U+FFFD in its place', (_what, link) => {
    expect(link()).toContain('%EF%BF%BD');
  });

  it('leave well-formed pairs as they are', () => {
    expect(guardDutyFindingLink('eu-west-1', 'f-\ud83d\ude00')).toContain('f-%F0%9F%98%80');
  });
});
