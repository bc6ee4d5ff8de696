/**
 * CloudWatch alarm messages on SNS name the region for people (`"Region": "EU (Ireland)"`), not
 * as a code. With `AlarmArn` present the code comes from the ARN; without it, this table is how
 * the ARN is built again. Names as the AWS console and alarm notifications write them; newer
 * messages say "Europe" where older ones say "EU", so both are read.
 */
const REGION_CODES: Readonly<Record<string, string>> = {
  'us east (n. virginia)': 'us-east-1',
  'us east (ohio)': 'us-east-2',
  'us west (n. california)': 'us-west-1',
  'us west (oregon)': 'us-west-2',
  'africa (cape town)': 'af-south-1',
  'asia pacific (hong kong)': 'ap-east-1',
  'asia pacific (hyderabad)': 'ap-south-2',
  'asia pacific (jakarta)': 'ap-southeast-3',
  'asia pacific (melbourne)': 'ap-southeast-4',
  'asia pacific (malaysia)': 'ap-southeast-5',
  'asia pacific (thailand)': 'ap-southeast-7',
  'asia pacific (mumbai)': 'ap-south-1',
  'asia pacific (osaka)': 'ap-northeast-3',
  'asia pacific (seoul)': 'ap-northeast-2',
  'asia pacific (singapore)': 'ap-southeast-1',
  'asia pacific (sydney)': 'ap-southeast-2',
  'asia pacific (tokyo)': 'ap-northeast-1',
  'canada (central)': 'ca-central-1',
  'canada west (calgary)': 'ca-west-1',
  'eu (frankfurt)': 'eu-central-1',
  'eu (zurich)': 'eu-central-2',
  'eu (ireland)': 'eu-west-1',
  'eu (london)': 'eu-west-2',
  'eu (paris)': 'eu-west-3',
  'eu (milan)': 'eu-south-1',
  'eu (spain)': 'eu-south-2',
  'eu (stockholm)': 'eu-north-1',
  'israel (tel aviv)': 'il-central-1',
  'mexico (central)': 'mx-central-1',
  'middle east (bahrain)': 'me-south-1',
  'middle east (uae)': 'me-central-1',
  'south america (sao paulo)': 'sa-east-1',
  'south america (são paulo)': 'sa-east-1',
  'aws govcloud (us-east)': 'us-gov-east-1',
  'aws govcloud (us-west)': 'us-gov-west-1',
};

/** `EU (Ireland)` / `Europe (Ireland)` -> `eu-west-1`; undefined for a name not in the table. */
export function regionCodeFromName(name: string | null | undefined): string | undefined {
  if (typeof name !== 'string') return undefined;
  const key = name
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^europe /, 'eu ');
  return Object.hasOwn(REGION_CODES, key) ? REGION_CODES[key] : undefined;
}
