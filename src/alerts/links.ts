/**
 * AWS console deep links. The region goes into a host name, so it is used only when it looks
 * like a region code: a finding from a tampered source must not yield a link to another host.
 */

const REGION_CODE = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/;

/**
 * `encodeURIComponent` throws URIError on a lone surrogate, which any string from outside may
 * hold (`"\ud800"` is valid JSON). Each one becomes U+FFFD first, so a hostile finding id or
 * alarm name yields a link, not an exception. `toWellFormed` is Node 20's (ES2024); the
 * project's TypeScript lib is ES2023, hence the narrow type.
 */
function encodeComponent(value: string): string {
  return encodeURIComponent((value as string & { toWellFormed(): string }).toWellFormed());
}

export function isRegionCode(region: string): boolean {
  return REGION_CODE.test(region);
}

function consoleHome(region: string, service: string): string | undefined {
  if (!isRegionCode(region)) return undefined;
  return `https://${region}.console.aws.amazon.com/${service}/home?region=${region}`;
}

export function guardDutyFindingLink(region: string, findingId: string): string | undefined {
  const home = consoleHome(region, 'guardduty');
  return home && `${home}#/findings?search=id%3D${encodeComponent(findingId)}`;
}

export function alarmLink(region: string, alarmName: string): string | undefined {
  const home = consoleHome(region, 'cloudwatch');
  return home && `${home}#alarmsV2:alarm/${encodeComponent(alarmName)}`;
}

/** The LookupEvents attribute keys the console's Event history filter takes. */
export type EventHistoryFilter = 'AccessKeyId' | 'Username' | 'ResourceName' | 'EventId';

export function cloudTrailEventHistoryLink(
  region: string,
  filter: EventHistoryFilter,
  value: string,
): string | undefined {
  const home = consoleHome(region, 'cloudtrailv2');
  return home && `${home}#/events?${filter}=${encodeComponent(value)}`;
}

/**
 * A remediation URL from a finding, only when it is an absolute https URL without credentials:
 * a third-party product's finding must not put a `javascript:` or `http://user:pass@` link on a
 * card.
 */
export function safeHttpsUrl(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return undefined;
  return url.toString();
}
