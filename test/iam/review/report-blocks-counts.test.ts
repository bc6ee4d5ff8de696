import { describe, expect, it } from 'vitest';
import { buildProgressMessage } from '../../../src/iam/review/report-blocks.js';

describe('access-review progress counts read as English', () => {
  it('says "1 principal", not "1 principals"', () => {
    expect(buildProgressMessage('prod', { stage: 'users', pages: 1, principals: 1 }).text).toContain(
      'users: 1 page, 1 principal fetched',
    );
    expect(
      buildProgressMessage('prod', { stage: 'users', pages: 0, principals: 0, analysed: 1 }).text,
    ).toContain('analysing 1 principal…');
  });

  it('keeps the plural for every other count', () => {
    expect(buildProgressMessage('prod', { stage: 'roles', pages: 3, principals: 49 }).text).toContain(
      'roles: 3 pages, 49 principals fetched',
    );
  });

  it('names what each collection stage reads in words', () => {
    expect(buildProgressMessage('prod', { stage: 'mfa-devices', pages: 2, principals: 61 }).text).toContain(
      'reading the MFA devices (2 pages, 61 principals fetched)',
    );
    expect(
      buildProgressMessage('prod', { stage: 'service-control-policies', pages: 2, principals: 61 }).text,
    ).toContain('service control policies from AWS Organizations');
  });
});
