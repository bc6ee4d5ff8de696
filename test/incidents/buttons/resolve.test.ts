import { describe, expect, it } from 'vitest';
import { readResolution } from '../../../src/incidents/buttons/resolve.js';
import { RESOLVE_MODAL_IDS as R } from '../../../src/incidents/card/ids.js';

const values = (summary: string | undefined, rootCause: string | undefined, notes?: string) => ({
  [R.resolutionBlock]: { [R.resolutionInput]: { value: summary ?? null } },
  [R.rootCauseBlock]: { [R.rootCauseInput]: { selected_option: rootCause ? { value: rootCause } : null } },
  [R.notesBlock]: { [R.notesInput]: { value: notes ?? null } },
});

describe('the resolve modal submission', () => {
  it('names each missing field by its block id', () => {
    expect(readResolution(values('', undefined))).toEqual({
      ok: false,
      errors: {
        [R.resolutionBlock]: 'Say in a few words what was done.',
        [R.rootCauseBlock]: 'Pick a root cause category.',
      },
    });
  });

  it('rejects a root cause that is not one of the categories', () => {
    expect(readResolution(values('Rotated the key', 'aliens'))).toMatchObject({ ok: false });
  });

  it('accepts a summary, a category and optional notes', () => {
    expect(readResolution(values('  Rotated the key ', 'credential-compromise', 'ticket SEC-12'))).toEqual({
      ok: true,
      summary: 'Rotated the key',
      rootCause: 'credential-compromise',
      notes: 'ticket SEC-12',
    });
  });
});
