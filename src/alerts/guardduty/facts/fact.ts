import type { AlertFact, AlertFactKind } from '../../alert.js';
import { cleanText } from '../../text.js';
import type { PortDetails, RemoteIp } from './schema.js';

/** Small builders shared by the fact families: empty values are dropped, never shown as "—". */

/** Longest value kept on the alert; the card cuts further to fit its budget. */
const MAX_VALUE = 500;

export function fact(
  label: string,
  value: string | null | undefined,
  kind: AlertFactKind = 'text',
): AlertFact[] {
  const cleaned = cleanText(value);
  if (cleaned === undefined) return [];
  const cut = cleaned.length > MAX_VALUE ? `${cleaned.slice(0, MAX_VALUE - 1)}…` : cleaned;
  return [{ label, value: cut, kind }];
}

/** Joins the defined parts with ` · `; undefined when none is. */
export function joined(
  parts: ReadonlyArray<string | null | undefined>,
  separator = ' · ',
): string | undefined {
  const kept = parts.map((p) => cleanText(p)).filter((p): p is string => p !== undefined);
  return kept.length > 0 ? kept.join(separator) : undefined;
}

/** `203.0.113.7 · AS64500 Example Hosting · Germany`: who owns the address and where it is. */
export function remoteIpText(ip: RemoteIp): string | undefined {
  const address = cleanText(ip?.ipAddressV4) ?? cleanText(ip?.ipAddressV6);
  if (address === undefined) return undefined;
  const org = ip?.organization;
  // Generated sample findings put -1 here: a number that names no network is left out.
  const asn = /^[1-9]\d*$/.test(cleanText(org?.asn) ?? '') ? cleanText(org?.asn) : undefined;
  const owner = joined(
    [
      asn === undefined ? undefined : `AS${asn}`,
      cleanText(org?.asnOrg) ?? cleanText(org?.org) ?? cleanText(org?.isp),
    ],
    ' ',
  );
  return joined([address, owner, cleanText(ip?.country?.countryName) ?? cleanText(ip?.country?.countryCode)]);
}

/** `22 (SSH)`. */
export function portText(port: PortDetails): string | undefined {
  if (typeof port?.port !== 'number') return undefined;
  const name = cleanText(port.portName);
  return name === undefined || name === 'Unknown' ? String(port.port) : `${port.port} (${name})`;
}

/** `Outbound` for `OUTBOUND`. */
export function capitalised(value: string | null | undefined): string | undefined {
  const cleaned = cleanText(value);
  return cleaned && cleaned.charAt(0).toUpperCase() + cleaned.slice(1).toLowerCase();
}

/** An AWS service principal (`iam.amazonaws.com`): it carries a call out, it is never the actor. */
export function isServicePrincipal(value: string | null | undefined): boolean {
  const cleaned = cleanText(value);
  return cleaned !== undefined && /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/i.test(cleaned);
}

/** The last part of an ARN (`snap-0abc` from `arn:aws:ec2:…:snapshot/snap-0abc`), or the text itself. */
export function arnTail(value: string | null | undefined): string | undefined {
  const cleaned = cleanText(value);
  if (cleaned === undefined || !cleaned.startsWith('arn:')) return cleaned;
  const resource = cleaned.split(':').slice(5).join(':');
  return resource.split('/').pop() || resource || cleaned;
}
