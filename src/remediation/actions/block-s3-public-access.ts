import { z } from 'zod';
import { type ApiCall, arn, defineAction } from './types.js';

/**
 * Turn on all four Block Public Access switches of a bucket (GuardDuty's S3 step 4). The
 * preview reads the bucket's configuration; undo puts exactly that back (or deletes the
 * configuration when the bucket had none).
 */
const blockSchema = z.object({
  BlockPublicAcls: z.boolean(),
  IgnorePublicAcls: z.boolean(),
  BlockPublicPolicy: z.boolean(),
  RestrictPublicBuckets: z.boolean(),
});
const ALL_ON = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

const stateSchema = z.object({ bucket: z.string().min(3), previous: blockSchema.nullable() });
type State = z.infer<typeof stateSchema>;

const s3Call = (s: State, operation: string, params: ApiCall['params']): ApiCall => ({
  service: 'S3',
  operation,
  // S3 authorises Put and Delete of the bucket's Block Public Access with the same action.
  action: 's3:PutBucketPublicAccessBlock',
  resource: arn.bucket(s.bucket),
  params: { Bucket: s.bucket, ...params },
});

const describe = (b: z.infer<typeof blockSchema> | undefined | null) =>
  b
    ? Object.entries(b)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')
    : 'no Block Public Access configuration';
const allOn = (b: z.infer<typeof blockSchema> | undefined | null) =>
  b !== undefined && b !== null && Object.values(b).every(Boolean);

export const blockS3PublicAccess = defineAction<State>({
  id: 'blockS3PublicAccess',
  title: 'Block public access to the bucket',
  permissions: ['s3:GetBucketPublicAccessBlock', 's3:PutBucketPublicAccessBlock'],
  stateSchema,
  fits: (t) => t.bucket !== undefined,
  async preview({ port }, t) {
    const bucket = t.bucket ?? '';
    const previous = (await port.getPublicAccessBlock(bucket)) ?? null;
    return {
      resourceLabel: `S3 bucket ${bucket}`,
      state: { bucket, previous },
      ...(allOn(previous) ? { nothingToDo: `S3 bucket ${bucket} already blocks all public access` } : {}),
    };
  },
  consequence: (s) =>
    `Public ACLs and public bucket policies of ${s.bucket} stop working at once; anything serving it publicly (a website, public links) breaks.`,
  applyCalls: (s) => [s3Call(s, 'PutPublicAccessBlock', { PublicAccessBlockConfiguration: ALL_ON })],
  undoCalls: (s) =>
    s.previous === null
      ? [s3Call(s, 'DeletePublicAccessBlock', {})]
      : [s3Call(s, 'PutPublicAccessBlock', { PublicAccessBlockConfiguration: s.previous })],
  async apply({ port }, s) {
    await port.putPublicAccessBlock(s.bucket, ALL_ON);
    return s;
  },
  async verify({ port }, s) {
    const now = await port.getPublicAccessBlock(s.bucket);
    return { ok: allOn(now), observed: describe(now) };
  },
  async undo({ port }, s) {
    if (s.previous === null) await port.deletePublicAccessBlock(s.bucket);
    else await port.putPublicAccessBlock(s.bucket, s.previous);
  },
  async verifyUndo({ port }, s) {
    const now = (await port.getPublicAccessBlock(s.bucket)) ?? null;
    return { ok: JSON.stringify(now) === JSON.stringify(s.previous), observed: describe(now) };
  },
});
