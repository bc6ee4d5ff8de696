import type { ResourceTagsPort } from '../../aws/tagging/port.js';
import { createStaticResourceTagsPort } from '../../aws/tagging/static.js';
import { SAMPLE_ACCOUNT_ID, SAMPLE_REGION } from './identity.js';

/** Tags in the sample account: some resources have an owner tag, some do not (a gap to show). */
export const SAMPLE_TAGS: Readonly<Record<string, Record<string, string>>> = {
  [`arn:aws:ec2:${SAMPLE_REGION}:${SAMPLE_ACCOUNT_ID}:instance/i-0sample000000002`]: {
    Team: 'payments',
    Name: 'batch-worker',
  },
  [`arn:aws:ec2:${SAMPLE_REGION}:${SAMPLE_ACCOUNT_ID}:instance/i-0sample000000007`]: {
    Owner: 'search-infra',
  },
  'arn:aws:s3:::sample-customer-exports': { Owner: 'data-platform' },
  [`arn:aws:eks:${SAMPLE_REGION}:${SAMPLE_ACCOUNT_ID}:cluster/sample-eks`]: { Team: 'platform' },
  [`arn:aws:iam::${SAMPLE_ACCOUNT_ID}:role/web-app-role`]: { Team: 'web' },
};

export function sampleTagsPort(): ResourceTagsPort {
  return createStaticResourceTagsPort(SAMPLE_TAGS);
}
