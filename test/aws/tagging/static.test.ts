import { describe, expect, it } from 'vitest';
import { createStaticResourceTagsPort } from '../../../src/aws/tagging/static.js';

const port = createStaticResourceTagsPort({
  'arn:aws:s3:::media-uploads-eu': { Team: 'ledger' },
  'i-0a11b22c33d44e55f': { Owner: 'search-infra' },
  'arn:aws:iam::048213396712:role/service-role/etl-loader': { team: 'growth' },
  'user/mara': { Owner: 'ledger' },
  'arn:aws:sqs:eu-west-1:048213396712:ingest-dlq': { Team: 'ledger' },
});

describe('createStaticResourceTagsPort', () => {
  it('finds tags by the exact ARN', async () => {
    await expect(port.tagsForArn('arn:aws:s3:::media-uploads-eu')).resolves.toEqual({ Team: 'ledger' });
  });

  it('finds an ARN whose file entry is keyed by the bare id', async () => {
    await expect(
      port.tagsForArn('arn:aws:ec2:eu-west-1:048213396712:instance/i-0a11b22c33d44e55f'),
    ).resolves.toEqual({ Owner: 'search-infra' });
    await expect(port.tagsForResourceId?.('i-0a11b22c33d44e55f')).resolves.toEqual({ Owner: 'search-infra' });
  });

  it('finds a bare id whose file entry is keyed by an ARN', async () => {
    await expect(port.tagsForResourceId?.('ingest-dlq')).resolves.toEqual({ Team: 'ledger' });
    await expect(port.tagsForResourceId?.('nothing-here')).resolves.toBeUndefined();
  });

  it('finds principals by role/NAME, user/NAME or IAM ARN with a path', async () => {
    await expect(port.tagsForPrincipal('role', 'etl-loader')).resolves.toEqual({ team: 'growth' });
    await expect(port.tagsForPrincipal('user', 'mara')).resolves.toEqual({ Owner: 'ledger' });
    await expect(port.tagsForPrincipal('user', 'etl-loader')).resolves.toEqual({});
  });

  it('lists every entry carrying a tag', async () => {
    const found = await port.findByTag('Team', 'ledger');
    expect(found.map((r) => r.arn)).toEqual([
      'arn:aws:s3:::media-uploads-eu',
      'arn:aws:sqs:eu-west-1:048213396712:ingest-dlq',
    ]);
  });
});
