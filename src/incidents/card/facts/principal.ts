import type { AlertFact } from '../../../alerts/alert.js';
import { maskAccessKeyId } from '../../../platform/log/mask.js';

/**
 * Principals as a responder reads them: `role ci-builder, session i-0c0f…` for an assumed-role
 * ARN, `user maria` for an IAM user, `root user`; an AWS service principal or a service "source
 * IP" (`iam.amazonaws.com`, as CloudTrail writes for calls a service makes) is what the call came
 * through, never the caller.
 */

const SERVICE = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/i;

export function isServicePrincipal(value: string | undefined): boolean {
  return value !== undefined && SERVICE.test(value.trim());
}

export function describePrincipal(principal: string | undefined): string | undefined {
  const p = principal?.trim();
  if (!p || isServicePrincipal(p)) return undefined;
  const arn = /^arn:aws[\w-]*:(iam|sts)::(\d{12}|[^:]*):(.+)$/.exec(p);
  if (!arn) return p;
  const resource = arn[3] ?? '';
  if (resource === 'root') return 'root user';
  const [kind, ...rest] = resource.split('/');
  if (kind === 'assumed-role') {
    const session = rest.length > 1 ? rest[rest.length - 1] : undefined;
    const role = rest.length > 1 ? rest.slice(0, -1).join('/') : rest[0];
    return `role ${role}${session ? `, session ${session}` : ''}`;
  }
  if (kind === 'user') return `user ${rest[rest.length - 1] ?? ''}`;
  if (kind === 'role') return `role ${rest[rest.length - 1] ?? ''}`;
  if (kind === 'federated-user') return `federated user ${rest.join('/')}`;
  return p;
}

/** Longest value kept (the stored schema's limit); the card cuts further to fit its budget. */
const MAX_VALUE = 500;

export function factOf(
  label: string,
  value: string | undefined,
  kind: AlertFact['kind'] = 'text',
): AlertFact[] {
  const v = value?.trim();
  if (!v) return [];
  return [{ label, value: v.length > MAX_VALUE ? `${v.slice(0, MAX_VALUE - 1)}…` : v, kind }];
}

/** Caller (and the service it came through) plus where from: an IP, or "via <service>". */
/**
 * `ipLabel`: what the address is. For CloudTrail it is the caller's source; for a GuardDuty
 * incident stored without facts it may be the far end of an outbound connection (a C2 server),
 * so it is only called the remote IP there.
 */
export function callerFacts(
  principal: string | undefined,
  sourceIp: string | undefined,
  ipLabel = 'Source IP',
): AlertFact[] {
  const via = isServicePrincipal(sourceIp) ? sourceIp : isServicePrincipal(principal) ? principal : undefined;
  const who = describePrincipal(principal);
  const caller =
    who === undefined && via === undefined
      ? undefined
      : `${who ?? 'unknown principal'}${via ? ` via ${via}` : ''}`;
  return [...factOf('Caller', caller), ...(isServicePrincipal(sourceIp) ? [] : factOf(ipLabel, sourceIp))];
}

export function accessKeyFact(keyId: string | undefined): AlertFact[] {
  if (!keyId) return [];
  const kind = keyId.startsWith('ASIA') ? ' (temporary)' : keyId.startsWith('AKIA') ? ' (long-term)' : '';
  return factOf('Access key', `${maskAccessKeyId(keyId)}${kind}`, 'code');
}
