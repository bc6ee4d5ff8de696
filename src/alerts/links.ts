/**
 * AWS console deep links. The region goes into a host name, so it is used only when it looks
 * like a region code: a finding from a tampered source must not yield a link to another host.
 */

const REGION_CODE = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/;

export function isRegionCode(region: string): boolean {
  return REGION_CODE.test(region);
}

function consoleHome(region: string, service: string): string | undefined {
  if (!isRegionCode(region)) return undefined;
  return `https://${region}.console.aws.amazon.com/${service}/home?region=${region}`;
}

export function guardDutyFindingLink(region: string, findingId: string): string | undefined {
  const home = consoleHome(region, 'guardduty');
  return home && `${home}#/findings?search=id%3D${encodeURIComponent(findingId)}`;
}

export function alarmLink(region: string, alarmName: string): string | undefined {
  const home = consoleHome(region, 'cloudwatch');
  return home && `${home}#alarmsV2:alarm/${encodeURIComponent(alarmName)}`;
}

/** The LookupEvents attribute keys the console's Event history filter takes. */
export type EventHistoryFilter = 'AccessKeyId' | 'Username' | 'ResourceName' | 'EventId';

export function cloudTrailEventHistoryLink(
  region: string,
  filter: EventHistoryFilter,
  value: string,
): string | undefined {
  const home = consoleHome(region, 'cloudtrailv2');
  return home && `${home}#/events?${filter}=${encodeURIComponent(value)}`;
}
