/**
 * How long between two moments, in the words a person uses ("1 minute", "3 hours", "2 days"):
 * one unit, rounded down, so "59 minutes" never reads as "1 hour".
 */
export function elapsedWords(fromIso: string, toIso: string): string | undefined {
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.floor(hours / 24), 'day');
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** The product's name for where an alert came from, as a sentence subject ("GuardDuty saw this again"). */
export const SOURCE_NAME: Readonly<Record<string, string>> = {
  guardduty: 'GuardDuty',
  'cloudwatch-alarm': 'The CloudWatch alarm',
  'cloudtrail-detection': 'The CloudTrail detection',
  securityhub: 'Security Hub',
  config: 'AWS Config',
};

export function sourceName(source: string): string {
  return SOURCE_NAME[source] ?? 'The source';
}
