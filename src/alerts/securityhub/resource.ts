import type { AlertResource } from '../alert.js';
import { cleanText } from '../text.js';

/**
 * A finding's resource as an alert resource: the ASFF/OCSF type, the short id a responder types
 * (`i-0abc…`, a bucket name, a user name) and the ARN when the id is one.
 */

/** `arn:aws:ec2:…:instance/i-0abc` -> `i-0abc`; `arn:aws:s3:::bucket` -> `bucket`. */
export function shortId(id: string): string {
  if (!id.startsWith('arn:')) return id;
  const resource = id.split(':').slice(5).join(':');
  const last = resource.split('/').pop() ?? resource;
  return cleanText(last) ?? id;
}

export function findingResource(
  type: string,
  id: string,
  tags: Readonly<Record<string, string>> | null | undefined,
): AlertResource {
  const record: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags ?? {})) {
    // defineProperty: a tag named `__proto__` must stay a tag, not reshape the object.
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return {
    type,
    id: shortId(id),
    ...(id.startsWith('arn:') ? { arn: id } : {}),
    tags: record,
  };
}
