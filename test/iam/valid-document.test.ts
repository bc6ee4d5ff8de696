import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePolicyDocument, readWithSchema } from '../../src/iam/inventory/policy-document.js';
import { readValidDocument } from '../../src/iam/inventory/valid-document.js';

/**
 * Valid policy documents are read by plain code (valid-document.ts) instead of the zod schema,
 * which stays the definition: whatever the plain reader accepts must be exactly what the schema
 * makes of it, keys in the same order, and it must accept the documents AWS hands over.
 */

const text = fc.oneof(fc.constantFrom('*', 's3:GetObject', 'iam:Pass*', '', '__proto__'), fc.string());
const oneOrMany = fc.oneof(text, fc.array(text, { maxLength: 3 }));
const scalar = fc.oneof(text, fc.boolean(), fc.integer(), fc.double());
const conditionValue = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));
const key = fc.oneof(
  fc.constantFrom('aws:SourceIp', 'AWS', 'Service', '__proto__'),
  fc.string({ maxLength: 6 }),
);
const record = <T>(value: fc.Arbitrary<T>) => fc.dictionary(key, value, { maxKeys: 3 });
const principal = fc.oneof(fc.constant('*'), record(oneOrMany));

/** Statements that are valid, and near misses: wrong types, missing fields, odd keys. */
const statement = fc.record(
  {
    Sid: fc.oneof({ arbitrary: text, weight: 4 }, { arbitrary: fc.integer(), weight: 1 }),
    Effect: fc.constantFrom('Allow', 'Deny', 'Allow', 'Deny', 'Maybe'),
    Action: fc.oneof({ arbitrary: oneOrMany, weight: 6 }, { arbitrary: fc.integer(), weight: 1 }),
    NotAction: oneOrMany,
    Resource: fc.oneof(oneOrMany, fc.constant(undefined)),
    NotResource: oneOrMany,
    Principal: fc.oneof(
      { arbitrary: principal, weight: 6 },
      { arbitrary: fc.constant('someone'), weight: 1 },
    ),
    NotPrincipal: principal,
    Condition: fc.oneof(
      { arbitrary: record(record(conditionValue)), weight: 6 },
      { arbitrary: fc.constant([]), weight: 1 },
    ),
    Extra: fc.anything(),
  },
  { requiredKeys: [] },
);
const documentValue = fc.oneof(
  fc.record(
    {
      Version: fc.oneof(fc.constant('2012-10-17'), fc.constant(''), fc.integer()),
      Statement: fc.oneof(statement, fc.array(statement, { maxLength: 4 })),
      Id: fc.string(),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

/** Through JSON, as the API's documents arrive (and so with `__proto__` as an own key). */
const asParsedJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? 'null');

describe('the plain reader of valid policy documents', () => {
  it('accepts only what the schema accepts, and reads it exactly as the schema does', () => {
    fc.assert(
      fc.property(documentValue, (generated) => {
        for (const value of [generated, asParsedJson(generated)]) {
          const plain = readValidDocument(value);
          if (plain === undefined) continue;
          const schema = readWithSchema(value);
          expect(schema).toEqual({ ok: true, document: plain });
          // Same keys in the same order: the inventory is stored and compared as JSON.
          expect(JSON.stringify(plain)).toBe(JSON.stringify(schema.ok && schema.document));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the documents AWS hands over without the schema', () => {
    const documents = [
      {
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      },
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'Trust',
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111122223333:root', Service: ['ec2.amazonaws.com'] },
            Action: 'sts:AssumeRole',
            Condition: {
              Bool: { 'aws:MultiFactorAuthPresent': true },
              NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 },
            },
          },
          { Effect: 'Deny', NotAction: ['iam:*'], NotResource: '*', NotPrincipal: '*' },
        ],
      },
    ];
    for (const document of documents) {
      const plain = readValidDocument(asParsedJson(document));
      expect(plain).toBeDefined();
      expect(parsePolicyDocument(encodeURIComponent(JSON.stringify(document)))).toEqual({
        ok: true,
        document: plain,
      });
    }
  });

  it('leaves a `__proto__` key, which the schema drops, to the schema', () => {
    const document = JSON.parse(
      '{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"__proto__":["x"],"AWS":"*"}}}',
    );
    expect(readValidDocument(document)).toBeUndefined();
    const read = parsePolicyDocument(document);
    expect(read.ok && Object.getPrototypeOf(read.document.Statement[0]?.Principal)).toBe(Object.prototype);
  });

  it('leaves every invalid document to the schema, which names the problem', () => {
    for (const bad of [
      { Statement: [{ Effect: 'Allow', Resource: '*' }] },
      { Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 1] }] },
      { Statement: [{ Effect: 'Allow', Action: 'x:y', Condition: { Bool: { k: [true, null] } } }] },
      { Statement: [{ Effect: 'Allow', Action: 'x:y', Principal: 'someone' }] },
      { Version: 2012, Statement: [] },
      // Numbers JSON cannot carry, which the schema refuses.
      {
        Statement: [
          { Effect: 'Allow', Action: 'x:y', Condition: { NumericLessThan: { k: Number.POSITIVE_INFINITY } } },
        ],
      },
      {
        Statement: [
          { Effect: 'Allow', Action: 'x:y', Condition: { NumericLessThan: { k: [1, Number.NaN] } } },
        ],
      },
      { Version: '2012-10-17' },
      [],
    ]) {
      expect(readValidDocument(bad)).toBeUndefined();
      expect(parsePolicyDocument(bad)).toMatchObject({ ok: false });
    }
  });
});
