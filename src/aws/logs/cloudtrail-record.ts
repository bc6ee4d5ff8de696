import { z } from 'zod';

/**
 * A CloudTrail record as trails, CloudWatch Logs and EventBridge (`detail`) deliver it, across
 * eventVersion 1.0x–1.1x: identities of every type (IAMUser, AssumedRole, Root, AWSService,
 * FederatedUser, IdentityCenterUser...), `requestParameters: null`, failures with errorCode /
 * errorMessage, and session `creationDate` in odd formats (kept as text, never parsed). Only
 * what an alert reads is typed; objects are loose so detections can match on any field.
 * Source: CloudTrail record contents (userguide cloudtrail-event-reference-record-contents).
 */

const text = z.string().nullish();
const flag = z.union([z.boolean(), z.string()]).nullish();

const sessionIssuer = z.looseObject({
  type: text,
  principalId: text,
  arn: text,
  accountId: text,
  userName: text,
});

export const userIdentitySchema = z.looseObject({
  type: text,
  principalId: text,
  arn: text,
  accountId: text,
  accessKeyId: text,
  userName: text,
  invokedBy: text,
  sessionContext: z
    .looseObject({
      attributes: z.looseObject({ creationDate: text, mfaAuthenticated: flag }).nullish(),
      sessionIssuer: sessionIssuer.nullish(),
    })
    .nullish(),
});
export type UserIdentity = z.infer<typeof userIdentitySchema>;

export const cloudTrailRecordSchema = z.looseObject({
  eventVersion: text,
  eventID: z.string().min(1),
  eventName: z.string().min(1),
  eventSource: z.string().min(1),
  eventTime: text,
  awsRegion: text,
  userIdentity: userIdentitySchema.nullish(),
  sourceIPAddress: text,
  userAgent: text,
  errorCode: text,
  errorMessage: text,
  requestParameters: z.record(z.string(), z.unknown()).nullish(),
  responseElements: z.unknown().optional(),
  additionalEventData: z.unknown().optional(),
  recipientAccountId: text,
  resources: z.array(z.looseObject({ ARN: text, accountId: text, type: text })).nullish(),
  readOnly: flag,
  eventType: text,
  eventCategory: text,
});
export type CloudTrailRecord = z.infer<typeof cloudTrailRecordSchema>;
