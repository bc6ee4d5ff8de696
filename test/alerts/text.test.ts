import { describe, expect, it } from 'vitest';
import { alarmLink, cloudTrailEventHistoryLink, guardDutyFindingLink } from '../../src/alerts/links.js';
import { stripMarkdownLinks, tagsToRecord } from '../../src/alerts/text.js';

describe('stripMarkdownLinks', () => {
  it('restores a DNS name an exporter wrapped in a markdown link', () => {
    expect(
      stripMarkdownLinks('[ip-10-30-30-15.us](https://ip-10-30-30-15.us/)-west-1.compute.internal'),
    ).toBe('ip-10-30-30-15.us-west-1.compute.internal');
  });

  it('leaves text without links alone', () => {
    expect(stripMarkdownLinks('[S3Console/0.4, aws-internal/3]')).toBe('[S3Console/0.4, aws-internal/3]');
  });
});

describe('tagsToRecord', () => {
  it('drops keyless tags, turns null values into empty strings, and keeps __proto__ as data', () => {
    const record = tagsToRecord([
      { key: 'a', value: null },
      { value: 'orphan' },
      { key: '__proto__', value: 'x' },
    ]);
    expect(Object.entries(record)).toEqual([
      ['a', ''],
      ['__proto__', 'x'],
    ]);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
  });
});

describe('console links', () => {
  it('are built only for region codes, so a hostile region cannot point the link elsewhere', () => {
    expect(guardDutyFindingLink('evil.example.com/x?', 'id')).toBeUndefined();
    expect(alarmLink('EXAMPLE', 'a')).toBeUndefined();
    expect(cloudTrailEventHistoryLink('us-gov-west-1', 'Username', 'root')).toBe(
      'https://us-gov-west-1.console.aws.amazon.com/cloudtrailv2/home?region=us-gov-west-1#/events?Username=root',
    );
  });

  it('encode the finding id and alarm name', () => {
    expect(guardDutyFindingLink('eu-west-1', 'a b')).toMatch(/search=id%3Da%20b$/);
    expect(alarmLink('eu-west-1', 'a/b c')).toMatch(/alarm\/a%2Fb%20c$/);
  });
});
