import type { AlertFact } from '../../alert.js';
import { cleanText } from '../../text.js';
import { capitalised, fact, joined, portText, remoteIpText } from './fact.js';
import type { FactAction, FactResource } from './schema.js';

/**
 * Network findings: which way the traffic went, the ports, the far end (with its network and
 * country) and the protocol. On an OUTBOUND connection the far end is the server the instance
 * called (a C2 or mining server), so it is named that, never "source".
 */

function localAddress(resource: FactResource | null | undefined): string | undefined {
  const nic = resource?.instanceDetails?.networkInterfaces?.[0];
  return cleanText(nic?.privateIpAddress);
}

export function networkConnectionFacts(
  resource: FactResource | null | undefined,
  action: FactAction | null | undefined,
): AlertFact[] {
  const connection = action?.networkConnectionAction;
  const direction = cleanText(connection?.connectionDirection)?.toUpperCase();
  const outbound = direction === 'OUTBOUND';
  const remote = remoteIpText(connection?.remoteIpDetails);
  const remotePort = portText(connection?.remotePortDetails);
  const localPort = portText(connection?.localPortDetails);
  return [
    ...fact('Direction', joined([capitalised(direction), connection?.blocked ? 'blocked' : undefined], ', ')),
    ...fact(outbound ? 'Remote server' : 'Source IP', remote),
    ...(outbound ? fact('Remote port', remotePort) : fact('Local port', localPort)),
    ...fact('Protocol', connection?.protocol),
    ...fact(outbound ? 'Local port' : 'Remote port', outbound ? localPort : remotePort),
    ...fact('Local address', localAddress(resource), 'code'),
  ];
}

export function portProbeFacts(
  resource: FactResource | null | undefined,
  action: FactAction | null | undefined,
): AlertFact[] {
  const probe = action?.portProbeAction;
  const details = probe?.portProbeDetails ?? [];
  const ports = [
    ...new Set(details.map((d) => portText(d?.localPortDetails)).filter((p) => p !== undefined)),
  ];
  const sources = [
    ...new Set(details.map((d) => remoteIpText(d?.remoteIpDetails)).filter((s) => s !== undefined)),
  ];
  return [
    ...fact('Direction', probe?.blocked ? 'Inbound, blocked' : 'Inbound'),
    ...fact('Probed ports', ports.slice(0, 6).join(', ')),
    ...fact('Source IP', sources[0]),
    ...fact('Other sources', sources.length > 1 ? `${sources.length - 1} more` : undefined),
    ...fact('Local address', localAddress(resource), 'code'),
  ];
}

export function dnsFacts(
  resource: FactResource | null | undefined,
  action: FactAction | null | undefined,
): AlertFact[] {
  const dns = action?.dnsRequestAction;
  const instance = cleanText(resource?.instanceDetails?.instanceId);
  const lambda = cleanText(resource?.lambdaDetails?.functionName);
  const asker = instance
    ? joined([`instance ${instance}`, localAddress(resource) && `(${localAddress(resource)})`], ' ')
    : lambda && `Lambda function ${lambda}`;
  return [
    ...fact('Domain', cleanText(dns?.domain) ?? cleanText(dns?.domainWithSuffix), 'code'),
    ...fact('Queried by', asker),
    ...fact('Resolver', joined(['Route 53 Resolver (VPC DNS)', cleanText(dns?.protocol)], ', ')),
    ...fact(
      'Blocked',
      typeof dns?.blocked === 'boolean' ? (dns.blocked ? 'yes (DNS firewall)' : 'no') : undefined,
    ),
  ];
}

export function rdsLoginFacts(
  resource: FactResource | null | undefined,
  action: FactAction | null | undefined,
): AlertFact[] {
  const login = action?.rdsLoginAttemptAction;
  const attempt = login?.loginAttributes?.[0];
  const tries =
    attempt &&
    (typeof attempt.successfulLoginAttempts === 'number' || typeof attempt.failedLoginAttempts === 'number')
      ? `${attempt.successfulLoginAttempts ?? 0} succeeded, ${attempt.failedLoginAttempts ?? 0} failed`
      : undefined;
  return [
    ...fact('Database', resource?.rdsDbInstanceDetails?.dbInstanceIdentifier, 'code'),
    ...fact('DB user', cleanText(attempt?.user) ?? cleanText(resource?.rdsDbUserDetails?.user), 'code'),
    ...fact(
      'Application',
      cleanText(attempt?.application) ?? cleanText(resource?.rdsDbUserDetails?.application),
    ),
    ...fact('Source IP', remoteIpText(login?.remoteIpDetails)),
    ...fact('Logins', tries),
  ];
}
