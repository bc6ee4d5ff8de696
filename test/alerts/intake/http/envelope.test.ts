import { describe, expect, it } from 'vitest';
import { envelopeSchema, isEnvelope } from '../../../../src/alerts/intake/http/envelope.js';

const valid = {
  id: 'e-1',
  'detail-type': 'GuardDuty Finding',
  source: 'aws.guardduty',
  detail: { id: 'f-1' },
};

/** Envelopes as JSON.parse makes them: the cheap check may only say yes where the schema does. */
const samples: Array<[string, unknown]> = [
  ['valid', valid],
  ['extra keys', { ...valid, account: '1', resources: [] }],
  ['empty detail', { ...valid, detail: {} }],
  ['no id', { ...valid, id: undefined }],
  ['empty id', { ...valid, id: '' }],
  ['numeric id', { ...valid, id: 7 }],
  ['empty detail-type', { ...valid, 'detail-type': '' }],
  ['no source', { 'detail-type': 'x', id: 'e', detail: {} }],
  ['detail an array', { ...valid, detail: [] }],
  ['detail null', { ...valid, detail: null }],
  ['detail a string', { ...valid, detail: '{}' }],
  ['detail with a constructor key', { ...valid, detail: JSON.parse('{"constructor": "x"}') }],
  ['detail with a __proto__ key', { ...valid, detail: JSON.parse('{"__proto__": {"a": 1}}') }],
  ['an array', [valid]],
  ['a string', 'event'],
  ['null', null],
];

describe('isEnvelope', () => {
  it.each(samples)('agrees with envelopeSchema wherever it says yes: %s', (_name, event) => {
    if (isEnvelope(event)) expect(envelopeSchema.safeParse(event).success).toBe(true);
  });

  it('says yes to the envelopes EventBridge sends, so the schema is rarely run', () => {
    expect(isEnvelope(valid)).toBe(true);
    expect(isEnvelope({ ...valid, account: '1', resources: [] })).toBe(true);
    expect(isEnvelope(JSON.parse(JSON.stringify(valid)))).toBe(true);
  });

  it('says no to whatever the schema rejects', () => {
    for (const [, event] of samples)
      if (!envelopeSchema.safeParse(event).success) expect(isEnvelope(event)).toBe(false);
  });
});
