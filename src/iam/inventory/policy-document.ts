import { z } from 'zod';
import type { PolicyDocument, PolicyStatement } from '../model.js';
import { readValidDocument } from './valid-document.js';

/**
 * Policy documents as AWS hands them over: the API (and so the SDK) returns them URL-encoded
 * (RFC 3986) JSON strings, the AWS CLI prints them decoded as objects. Both are accepted; every
 * "one or many" field becomes an array so the analysis never has to ask. Valid documents are read
 * by plain code (valid-document.ts); the schema below is what defines them, and names the problem
 * of any other.
 */

const oneOrMany = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (typeof v === 'string' ? [v] : v));
const principal = z.union([z.literal('*'), z.record(z.string(), oneOrMany)]);
const conditionValue = z
  .union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))])
  .transform((v) => (Array.isArray(v) ? v : [v]).map(String));

const statementSchema = z
  .object({
    Sid: z.string().optional(),
    Effect: z.enum(['Allow', 'Deny']),
    Action: oneOrMany.optional(),
    NotAction: oneOrMany.optional(),
    Resource: oneOrMany.optional(),
    NotResource: oneOrMany.optional(),
    Principal: principal.optional(),
    NotPrincipal: principal.optional(),
    Condition: z.record(z.string(), z.record(z.string(), conditionValue)).optional(),
  })
  .refine((s) => s.Action !== undefined || s.NotAction !== undefined, {
    message: 'a statement needs Action or NotAction',
  });

const documentSchema = z.object({
  Version: z.string().optional(),
  // One statement or many: made a list first so errors name `Statement[i].Field`.
  Statement: z.preprocess((v) => (Array.isArray(v) || v === undefined ? v : [v]), z.array(statementSchema)),
});

export type DocumentProblem = { path: (string | number)[]; message: string };
export type DocumentResult =
  | { ok: true; document: PolicyDocument }
  | { ok: false; problems: DocumentProblem[] };

/** Decodes (if encoded), parses and normalizes one document; problems carry paths inside it. */
export function parsePolicyDocument(raw: unknown): DocumentResult {
  let value = raw;
  if (typeof raw === 'string') {
    let text = raw;
    if (!raw.trimStart().startsWith('{')) {
      try {
        text = decodeURIComponent(raw);
      } catch {
        return { ok: false, problems: [{ path: [], message: 'is not valid URL-encoded text' }] };
      }
    }
    try {
      value = JSON.parse(text);
    } catch {
      return {
        ok: false,
        problems: [{ path: [], message: 'is not a JSON policy document (after URL-decoding)' }],
      };
    }
  }
  const valid = readValidDocument(value);
  return valid ? { ok: true, document: valid } : readWithSchema(value);
}

/** The decoded document read by the schema: what defines a valid one, and names what is wrong. */
export function readWithSchema(value: unknown): DocumentResult {
  const parsed = documentSchema.safeParse(value);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({
        path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
        message: i.message,
      })),
    };
  const statements = parsed.data.Statement;
  return {
    ok: true,
    document: {
      ...(parsed.data.Version ? { Version: parsed.data.Version } : {}),
      Statement: statements.map((s) => withoutUndefined(s) as PolicyStatement),
    },
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
