import { z } from 'zod';
import type { Tags } from '../aws/tagging/port.js';
import { InputError, type Problem } from '../platform/errors.js';
import { formatPath } from '../platform/format-path.js';
import { OWNERS_PATH } from './registry.js';

/**
 * The CLI's `--tags FILE.json`: an object mapping an ARN or resource id to its tags,
 *   { "arn:aws:s3:::ledger": { "Team": "payments" }, "i-0abc12345678def01": { "Owner": "infra" } }
 * or, so real tags can be dumped and replayed, the output of
 * `aws resourcegroupstaggingapi get-resources` (ResourceTagMappingList with Key/Value lists).
 */

const simpleSchema = z.record(
  z.string().min(1, 'keys must be an ARN or resource id'),
  z.record(z.string(), z.string({ error: 'tag values must be strings' })),
);

const mappingListSchema = z.object({
  ResourceTagMappingList: z.array(
    z.object({
      ResourceARN: z.string().min(1),
      Tags: z.array(z.object({ Key: z.string(), Value: z.string() })).default([]),
    }),
  ),
});

export function parseTagsFile(text: string, source = 'tags file'): Readonly<Record<string, Tags>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `${source} is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (json !== null && typeof json === 'object' && 'ResourceTagMappingList' in json) {
    const parsed = mappingListSchema.safeParse(json);
    if (!parsed.success) throw new InputError(`${source} is invalid`, toProblems(parsed.error.issues));
    return Object.fromEntries(
      parsed.data.ResourceTagMappingList.map((m) => [
        m.ResourceARN,
        Object.fromEntries(m.Tags.map((t) => [t.Key, t.Value])),
      ]),
    );
  }
  const parsed = simpleSchema.safeParse(json);
  if (!parsed.success) throw new InputError(`${source} is invalid`, toProblems(parsed.error.issues));
  return parsed.data;
}

function toProblems(issues: readonly z.core.$ZodIssue[]): Problem[] {
  return issues.map((issue) => ({
    path: formatPath(issue.path, OWNERS_PATH),
    message:
      issue.path.length === 0
        ? 'must be a JSON object mapping an ARN or resource id to its tags'
        : issue.message,
  }));
}
