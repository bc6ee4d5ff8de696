import { describe, expect, it } from 'vitest';
import { formatPath } from '../../src/platform/format-path.js';

describe('formatPath', () => {
  it('joins keys with dots and indices with brackets, under a prefix', () => {
    expect(formatPath(['service', 'portProbeDetails', 0, 'remoteIpDetails'], { prefix: 'detail' })).toBe(
      'detail.service.portProbeDetails[0].remoteIpDetails',
    );
  });

  it('shows SDK paths in PascalCase', () => {
    expect(formatPath(['service', 'count'], { pascalCase: true })).toBe('Service.Count');
  });

  it('names the root when the path is empty', () => {
    expect(formatPath([])).toBe('(root)');
  });

  it('starts with an index when the path does', () => {
    expect(formatPath([0, 'id'])).toBe('[0].id');
    expect(formatPath(['steps', 2, 'text'])).toBe('steps[2].text');
  });

  it('names the root with the label given, and an empty path under a prefix by the prefix', () => {
    expect(formatPath([], { rootLabel: '(file)' })).toBe('(file)');
    expect(formatPath([], { rootLabel: '(top level)', quoteOddKeys: true })).toBe('(top level)');
    expect(formatPath([], { prefix: 'records[0]', rootLabel: '(file)' })).toBe('records[0]');
  });

  it('quotes keys that are not identifiers only when asked', () => {
    const path = ['teams', 'platform team', 'channel'];
    expect(formatPath(path, { quoteOddKeys: true })).toBe('teams["platform team"].channel');
    expect(formatPath(path)).toBe('teams.platform team.channel');
    expect(formatPath(['arn:aws:s3:::ledger', 'Team'], { quoteOddKeys: true })).toBe(
      '["arn:aws:s3:::ledger"].Team',
    );
    expect(formatPath(['rules', 0, 'user-group', ''], { quoteOddKeys: true })).toBe(
      'rules[0].user-group[""]',
    );
  });
});
