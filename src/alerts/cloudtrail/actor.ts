import type { CloudTrailRecord } from '../../aws/logs/cloudtrail-record.js';
import type { AlertActor } from '../alert.js';
import { cleanText, definedOnly, firstText } from '../text.js';

/** The account a record belongs to: the recipient, else the caller's. */
export function recordAccountId(record: CloudTrailRecord): string | undefined {
  return firstText(record.recipientAccountId, record.userIdentity?.accountId);
}

/**
 * The caller's principal: its ARN (for an assumed role, the session ARN, which names the role and
 * the session), else what the identity type allows.
 */
export function principalOf(record: CloudTrailRecord): string | undefined {
  const identity = record.userIdentity;
  if (identity?.type === 'Root' && !cleanText(identity.arn)) {
    const account = cleanText(identity.accountId);
    return account ? `arn:aws:iam::${account}:root` : 'root';
  }
  return firstText(identity?.arn, identity?.userName, identity?.invokedBy, identity?.principalId);
}

/** The name CloudTrail's Event history filters by ("User name"): the user, or the role session. */
export function eventHistoryUserName(record: CloudTrailRecord): string | undefined {
  const identity = record.userIdentity;
  if (identity?.type === 'Root') return 'root';
  if (identity?.type === 'AssumedRole') return cleanText(identity.arn?.split('/').pop());
  return firstText(identity?.userName);
}

export function cloudTrailActor(record: CloudTrailRecord): AlertActor {
  return definedOnly({
    principal: principalOf(record),
    accessKeyId: cleanText(record.userIdentity?.accessKeyId),
    sourceIp: cleanText(record.sourceIPAddress),
    userAgent: cleanText(record.userAgent),
    api: record.eventName,
  });
}

/** The actor part of a detection's dedupe key: stable across calls by the same caller. */
export function actorKey(actor: AlertActor): string {
  return actor.principal ?? actor.accessKeyId ?? actor.sourceIp ?? 'unknown-actor';
}
