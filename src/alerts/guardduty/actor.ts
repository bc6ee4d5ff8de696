import type { AlertActor } from '../alert.js';
import { cleanText, definedOnly, firstText } from '../text.js';
import type { GuardDutyResource, GuardDutyService } from './schema.js';

/**
 * Who or what acted, as far as the finding says: the access key and its user, the Kubernetes or
 * database user, the remote IP of the API call / connection / probe / login, and the API used.
 * Returns undefined when the finding names no actor (a DNS finding names only a domain).
 */
export function guardDutyActor(
  resource: GuardDutyResource | null | undefined,
  service: GuardDutyService | null | undefined,
): AlertActor | undefined {
  const action = service?.action;
  const apiCall = action?.awsApiCallAction;
  const k8sCall = action?.kubernetesApiCallAction;
  const remoteIps = [
    apiCall?.remoteIpDetails,
    action?.networkConnectionAction?.remoteIpDetails,
    action?.portProbeAction?.portProbeDetails?.[0]?.remoteIpDetails,
    k8sCall?.remoteIpDetails,
    action?.rdsLoginAttemptAction?.remoteIpDetails,
  ];
  const sourceIp = firstText(
    ...remoteIps.flatMap((ip) => [ip?.ipAddressV4, ip?.ipAddressV6]),
    k8sCall?.sourceIPs?.[0],
  );
  const k8sApi = k8sCall && cleanText([k8sCall.verb, k8sCall.requestUri].filter(Boolean).join(' '));
  const actor = definedOnly({
    principal: firstText(
      resource?.accessKeyDetails?.userName,
      resource?.accessKeyDetails?.principalId,
      resource?.kubernetesDetails?.kubernetesUserDetails?.username,
      resource?.rdsDbUserDetails?.user,
      apiCall?.remoteAccountDetails?.accountId,
      // callerType says "AWS Service" / "Remote IP" / "Remote account": the least specific fallback.
      apiCall?.serviceName,
      apiCall?.callerType,
    ),
    accessKeyId: cleanText(resource?.accessKeyDetails?.accessKeyId),
    sourceIp,
    userAgent: firstText(apiCall?.userAgent, k8sCall?.userAgent),
    api: firstText(apiCall?.api, k8sApi),
  });
  return Object.keys(actor).length === 0 ? undefined : actor;
}
