import { describe, expect, it } from 'vitest';
import { evaluateFilterPattern } from '../../../../src/alerts/detections/filter-pattern/evaluator.js';
import { parseFilterPattern } from '../../../../src/alerts/detections/filter-pattern/parser.js';

const matches = (pattern: string, event: unknown) =>
  evaluateFilterPattern(parseFilterPattern(pattern), event);

/** The JSON example CloudWatch's filter-pattern documentation uses, with values of our own. */
const EVENT = {
  eventType: 'UpdateTrail',
  sourceIPAddress: '192.0.2.45',
  latency: 640,
  ratio: '0.25',
  arrayKey: ['first value', 'second value'],
  objectList: [
    { name: 'a', id: 1 },
    { name: 'b', id: 2 },
  ],
  coordinates: [
    [0, 1, 2],
    [4, 5, 6],
  ],
  SomeObject: null,
  ThisFlag: true,
  OtherFlag: false,
  nested: { inner: { value: 'deep' } },
};

describe('string equality', () => {
  it('matches quoted and unquoted values exactly and case-sensitively', () => {
    expect(matches('{ $.eventType = "UpdateTrail" }', EVENT)).toBe(true);
    expect(matches('{ $.eventType = UpdateTrail }', EVENT)).toBe(true);
    expect(matches('{ $.eventType = updatetrail }', EVENT)).toBe(false);
    expect(matches('{ $.eventType = "Update" }', EVENT)).toBe(false);
  });

  it('treats != as "present and different"', () => {
    expect(matches('{ $.eventType != "DeleteTrail" }', EVENT)).toBe(true);
    expect(matches('{ $.eventType != "UpdateTrail" }', EVENT)).toBe(false);
  });

  it('fails both = and != when the property is missing (CloudWatch semantics)', () => {
    expect(matches('{ $.missing = "x" }', EVENT)).toBe(false);
    expect(matches('{ $.missing != "x" }', EVENT)).toBe(false);
  });

  it('fails both = and != when the selector reaches null, an object or an array', () => {
    for (const selector of ['$.SomeObject', '$.nested', '$.arrayKey']) {
      expect(matches(`{ ${selector} = "*" }`, EVENT)).toBe(false);
      expect(matches(`{ ${selector} != "x" }`, EVENT)).toBe(false);
    }
  });

  it('follows nested properties', () => {
    expect(matches('{ $.nested.inner.value = deep }', EVENT)).toBe(true);
    expect(matches('{ $.nested.inner.other NOT EXISTS }', EVENT)).toBe(true);
  });
});

describe('wildcards', () => {
  it('matches a prefix with a trailing *', () => {
    expect(matches('{ $.eventType = "Update*" }', EVENT)).toBe(true);
    expect(matches('{ $.eventType = Delete* }', EVENT)).toBe(false);
  });

  it('matches a suffix with a leading *', () => {
    expect(matches('{ $.eventType = "*Trail" }', EVENT)).toBe(true);
    expect(matches('{ $.eventType = *Bucket }', EVENT)).toBe(false);
  });

  it('matches a substring with * on both ends', () => {
    expect(matches('{ $.eventType = "*dateTr*" }', EVENT)).toBe(true);
    expect(matches('{ $.eventType = "*Bucket*" }', EVENT)).toBe(false);
  });

  it('treats a * in the middle as a literal character', () => {
    expect(matches('{ $.eventType = "Update*Trail" }', EVENT)).toBe(false);
    expect(matches('{ $.v = "Ev*ent" }', { v: 'Ev*ent' })).toBe(true);
  });

  it('matches any value node with a lone *, but not a missing property', () => {
    expect(matches('{ $.eventType = * }', EVENT)).toBe(true);
    expect(matches('{ $.latency = * }', EVENT)).toBe(true);
    expect(matches('{ $.missing = * }', EVENT)).toBe(false);
  });

  it('applies != to wildcards (outside a subnet prefix)', () => {
    expect(matches('{ $.sourceIPAddress != 123.123.* }', EVENT)).toBe(true);
    expect(matches('{ $.sourceIPAddress != 192.0.* }', EVENT)).toBe(false);
  });

  it('compares numbers as text when the value has a wildcard', () => {
    expect(matches('{ $.latency = 6* }', EVENT)).toBe(true);
    expect(matches('{ $.latency = *40 }', EVENT)).toBe(true);
    expect(matches('{ $.latency != 7* }', EVENT)).toBe(true);
  });

  it('handles the CIS errorCode wildcards both ways round', () => {
    const pattern = '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}';
    expect(matches(pattern, { errorCode: 'Client.UnauthorizedOperation' })).toBe(true);
    expect(matches(pattern, { errorCode: 'AccessDeniedException' })).toBe(true);
    expect(matches(pattern, { errorCode: 'UnauthorizedOperationX' })).toBe(false);
    expect(matches(pattern, { errorCode: 'S3.AccessDenied' })).toBe(false);
  });
});

describe('NOT EXISTS, IS NULL, IS TRUE, IS FALSE', () => {
  it('NOT EXISTS is true only for an absent property', () => {
    expect(matches('{ $.SomeOtherObject NOT EXISTS }', EVENT)).toBe(true);
    expect(matches('{ $.SomeObject NOT EXISTS }', EVENT)).toBe(false);
    expect(matches('{ $.eventType NOT EXISTS }', EVENT)).toBe(false);
  });

  it('IS NULL is true only for a property set to null', () => {
    expect(matches('{ $.SomeObject IS NULL }', EVENT)).toBe(true);
    expect(matches('{ $.SomeOtherObject IS NULL }', EVENT)).toBe(false);
    expect(matches('{ $.eventType IS NULL }', EVENT)).toBe(false);
  });

  it('IS TRUE and IS FALSE need the boolean itself', () => {
    expect(matches('{ $.ThisFlag IS TRUE }', EVENT)).toBe(true);
    expect(matches('{ $.OtherFlag IS FALSE }', EVENT)).toBe(true);
    expect(matches('{ $.ThisFlag IS FALSE }', EVENT)).toBe(false);
    expect(matches('{ $.v IS TRUE }', { v: 'true' })).toBe(false);
  });

  it('does not find inherited properties such as constructor or __proto__', () => {
    expect(matches('{ $.constructor NOT EXISTS }', {})).toBe(true);
    expect(matches('{ $.toString = * }', {})).toBe(false);
    expect(matches('{ $.__proto__ NOT EXISTS }', {})).toBe(true);
  });
});

describe('numbers', () => {
  it('compares numerically with every operator', () => {
    expect(matches('{ $.latency = 640 }', EVENT)).toBe(true);
    expect(matches('{ $.latency = 640.0 }', EVENT)).toBe(true);
    expect(matches('{ $.latency != 500 }', EVENT)).toBe(true);
    expect(matches('{ $.latency < 641 }', EVENT)).toBe(true);
    expect(matches('{ $.latency <= 640 }', EVENT)).toBe(true);
    expect(matches('{ $.latency > 639.5 }', EVENT)).toBe(true);
    expect(matches('{ $.latency >= 641 }', EVENT)).toBe(false);
    expect(matches('{ $.latency > +1000 }', EVENT)).toBe(false);
  });

  it('reads signed decimals and scientific notation', () => {
    expect(matches('{ $.latency < 10e3 }', EVENT)).toBe(true);
    expect(matches('{ $.latency > 6.4E2 }', EVENT)).toBe(false);
    expect(matches('{ $.t > -5 }', { t: -4 })).toBe(true);
  });

  it('treats a numeric string in the event as a number', () => {
    expect(matches('{ $.ratio = 0.25 }', EVENT)).toBe(true);
    expect(matches('{ $.ratio < 1 }', EVENT)).toBe(true);
  });

  it('never orders a non-numeric value, but a number differs from it', () => {
    expect(matches('{ $.eventType > 1 }', EVENT)).toBe(false);
    expect(matches('{ $.eventType = 1 }', EVENT)).toBe(false);
    expect(matches('{ $.eventType != 1 }', EVENT)).toBe(true);
  });

  it('compares a quoted number as text', () => {
    expect(matches('{ $.latency = "640" }', EVENT)).toBe(true);
    expect(matches('{ $.latency = "640.0" }', EVENT)).toBe(false);
  });
});

describe('arrays', () => {
  it('indexes arrays, including nested ones', () => {
    expect(matches('{ $.arrayKey[0] = "first value" }', EVENT)).toBe(true);
    expect(matches('{ $.objectList[1].id = 2 }', EVENT)).toBe(true);
    expect(matches('{ $.objectList[1].name = a }', EVENT)).toBe(false);
    expect(matches('{ $.coordinates[1][2] = 6 }', EVENT)).toBe(true);
  });

  it('is false past the end or when the property is not an array', () => {
    expect(matches('{ $.arrayKey[5] = * }', EVENT)).toBe(false);
    expect(matches('{ $.arrayKey[5] NOT EXISTS }', EVENT)).toBe(true);
    expect(matches('{ $.eventType[0] = U* }', EVENT)).toBe(false);
    expect(matches('{ $.nested[0] = * }', { nested: { 0: 'x' } })).toBe(false);
  });
});

describe('&&, || and parentheses', () => {
  const DOC = {
    user: { id: 1, email: 'ana.stiles@example.com' },
    users: [
      { id: 2, email: 'bo.doe@example.com' },
      { id: 3, email: 'cy.doe@example.com' },
    ],
    actions: ['GET', 'PUT', 'DELETE'],
    coordinates: [
      [0, 1, 2],
      [4, 5, 6],
    ],
  };

  it('combines with && inside parentheses', () => {
    expect(matches('{ ($.user.id = 1) && ($.users[0].email = "bo.doe@example.com") }', DOC)).toBe(true);
  });

  it('binds && tighter than ||', () => {
    // a || (b && c): a is true.
    expect(
      matches(
        '{ $.user.email = "ana.stiles@example.com" || $.coordinates[0][1] = nomatch && $.actions[2] = nomatch }',
        DOC,
      ),
    ).toBe(true);
    // (a || b) && c: c is false.
    expect(
      matches(
        '{ ($.user.email = "ana.stiles@example.com" || $.coordinates[0][1] = nomatch) && $.actions[2] = nomatch }',
        DOC,
      ),
    ).toBe(false);
    // (a && b) || c: both false.
    expect(matches('{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }', DOC)).toBe(
      false,
    );
  });

  it('evaluates deeply nested parentheses', () => {
    expect(matches('{ ((($.user.id = 1) && (($.actions[0] = GET) || ($.actions[0] = POST)))) }', DOC)).toBe(
      true,
    );
    expect(matches('{ ((($.user.id = 1) && (($.actions[0] = PUT) || ($.actions[0] = POST)))) }', DOC)).toBe(
      false,
    );
  });

  it('chains many || terms (the CIS shape)', () => {
    const pattern = '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=StopLogging)}';
    expect(matches(pattern, { eventName: 'StopLogging' })).toBe(true);
    expect(matches(pattern, { eventName: 'StartLogging' })).toBe(false);
  });
});

describe('odd events', () => {
  it('returns false rather than throwing for values that are not objects', () => {
    const pattern = parseFilterPattern('{ $.a.b[0] = "x" || $.a NOT EXISTS && $.b IS NULL }');
    for (const event of [
      null,
      undefined,
      42,
      'text',
      [],
      [1, 2],
      true,
      { a: 5 },
      { a: { b: 'not-array' } },
    ]) {
      expect(() => evaluateFilterPattern(pattern, event)).not.toThrow();
    }
    expect(evaluateFilterPattern(pattern, 'text')).toBe(false);
  });

  it('survives a hostile object whose getter throws', () => {
    const hostile = {
      get a(): unknown {
        throw new Error('boom');
      },
    };
    expect(evaluateFilterPattern(parseFilterPattern('{ $.a = x }'), hostile)).toBe(false);
  });
});
