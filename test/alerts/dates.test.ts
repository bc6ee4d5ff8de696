import { describe, expect, it } from 'vitest';
import { firstDate, parseAwsDate } from '../../src/alerts/dates.js';

describe('parseAwsDate', () => {
  it.each([
    ['2025-02-18T07:45:12.431Z', '2025-02-18T07:45:12.431Z'],
    ['2025-02-18T07:45:12.431+0000', '2025-02-18T07:45:12.431Z'],
    ['2025-02-18T09:45:12.431+0200', '2025-02-18T07:45:12.431Z'],
    ['20131102T010628Z', '2013-11-02T01:06:28.000Z'],
    [1701428400.125, '2023-12-01T11:00:00.125Z'],
    [1701428400125, '2023-12-01T11:00:00.125Z'],
  ])('reads %j', (input, iso) => {
    expect(parseAwsDate(input)?.toISOString()).toBe(iso);
  });

  it('reads a Date as itself', () => {
    expect(parseAwsDate(new Date('2024-01-01T00:00:00Z'))?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
  });

  it.each([
    'XXXX-XX-XXTXX:XX:XXZ',
    '1',
    'yesterday',
    '',
    'Feb 19, 2025, 10:04:37 AM',
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -5,
    1e20,
    null,
    {},
  ])('gives undefined for %j instead of throwing', (input) => {
    expect(parseAwsDate(input)).toBeUndefined();
  });

  it('firstDate skips unreadable candidates', () => {
    expect(firstDate('XXXX', undefined, '2025-01-01T00:00:00Z')?.toISOString()).toBe(
      '2025-01-01T00:00:00.000Z',
    );
    expect(firstDate('XXXX')).toBeUndefined();
  });
});
