import { maskAccessKeyId } from '../../../platform/log/mask.js';
import type { AlertFact } from '../../alert.js';
import { cleanText } from '../../text.js';
import { fact, isServicePrincipal, remoteIpText } from './fact.js';
import type { FactAction, FactResource } from './schema.js';

/**
 * Who made an API call, as a responder needs it: the user, or the role and its session name, or
 * root; an AWS service principal (`iam.amazonaws.com`) is shown as what the call came through,
 * never as the caller. Then where from (IP with its network and country, or the calling account),
 * the user agent and the access key (masked, and whether it is long-term or temporary).
 */

type AccessKeyDetails = NonNullable<FactResource['accessKeyDetails']>;
type ApiCall = NonNullable<FactAction['awsApiCallAction']>;

function identity(details: AccessKeyDetails | null | undefined): string | undefined {
  const userName = cleanText(details?.userName);
  const principalId = cleanText(details?.principalId);
  const type = cleanText(details?.userType);
  // An assumed role's principal id is `AROA…:<session name>`.
  const session = principalId?.includes(':') ? principalId.slice(principalId.indexOf(':') + 1) : undefined;
  switch (type) {
    case 'AssumedRole':
      return userName ? `role ${userName}${session ? `, session ${session}` : ''}` : principalId;
    case 'Root':
      return 'root user';
    case 'IAMUser':
      return userName ? `user ${userName}` : principalId;
    case 'FederatedUser':
    case 'Federated':
      return `federated user ${userName ?? principalId ?? ''}`.trim();
    default:
      return userName ?? principalId;
  }
}

/** The service a call came through, if an AWS service made it on someone's behalf. */
function viaService(call: ApiCall | null | undefined): string | undefined {
  const domain = cleanText(call?.domainDetails?.domain);
  if (isServicePrincipal(domain)) return domain;
  const callerType = cleanText(call?.callerType) ?? '';
  if (/aws service/i.test(callerType) && isServicePrincipal(call?.serviceName))
    return cleanText(call?.serviceName);
  return undefined;
}

export function callerText(
  details: AccessKeyDetails | null | undefined,
  call: ApiCall | null | undefined,
): string | undefined {
  const who = identity(details);
  const caller = who !== undefined && !isServicePrincipal(who) ? who : undefined;
  const via = viaService(call) ?? (isServicePrincipal(who) ? who : undefined);
  if (caller === undefined && via === undefined) return undefined;
  return via === undefined ? caller : `${caller ?? 'unknown principal'} via ${via}`;
}

function accessKeyText(keyId: string | null | undefined): string | undefined {
  const id = cleanText(keyId);
  if (id === undefined) return undefined;
  const kind = id.startsWith('ASIA') ? ' (temporary)' : id.startsWith('AKIA') ? ' (long-term)' : '';
  return `${maskAccessKeyId(id)}${kind}`;
}

/** Caller, API, source, user agent and access key of an API call finding, in that order. */
export function apiCallFacts(
  resource: FactResource | null | undefined,
  action: FactAction | null | undefined,
): AlertFact[] {
  const call = action?.awsApiCallAction;
  const details = resource?.accessKeyDetails;
  const remote = remoteIpText(call?.remoteIpDetails);
  const account = cleanText(call?.remoteAccountDetails?.accountId);
  const api = cleanText(call?.api);
  const service = cleanText(call?.serviceName);
  const error = cleanText(call?.errorCode);
  return [
    ...fact('Caller', callerText(details, call)),
    ...fact('API', api && `${api}${service ? ` (${service})` : ''}${error ? ` → ${error}` : ''}`, 'code'),
    ...(remote ? fact('Source IP', remote) : fact('Source account', account, 'code')),
    ...fact('User agent', call?.userAgent, 'code'),
    ...fact('Access key', accessKeyText(details?.accessKeyId), 'code'),
  ];
}
