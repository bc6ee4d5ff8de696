import { describe, expect, it } from 'vitest';
import { OWNER_USAGE, parseOwnerQuery } from '../../src/ownership/query.js';
import { UsageError } from '../../src/platform/errors.js';

describe('parseOwnerQuery accepts each documented shape', () => {
  it.each([
    ['arn:aws:dynamodb:eu-west-1:048213396712:table/ledger-entries', { kind: 'arn' }],
    ['arn:aws:s3:::media-uploads-eu', { kind: 'arn' }],
    ['i-0a11b22c', { kind: 'instance', instanceId: 'i-0a11b22c' }],
    ['i-0a11b22c33d44e55f', { kind: 'instance', instanceId: 'i-0a11b22c33d44e55f' }],
    ['I-0A11B22C33D44E55F', { kind: 'instance', instanceId: 'i-0a11b22c33d44e55f' }],
    ['media-uploads-eu', { kind: 'name', name: 'media-uploads-eu', candidates: ['role', 'user', 'bucket'] }],
    ['web-app-role', { kind: 'name', name: 'web-app-role', candidates: ['role', 'user', 'bucket'] }],
    [
      'logs.corp.example',
      { kind: 'name', name: 'logs.corp.example', candidates: ['role', 'user', 'bucket'] },
    ],
    ['i-love-buckets', { kind: 'name', name: 'i-love-buckets', candidates: ['role', 'user', 'bucket'] }],
    ['Deploy_Bot', { kind: 'name', name: 'Deploy_Bot', candidates: ['role', 'user'] }],
    ['s3://media-uploads-eu', { kind: 'bucket', bucket: 'media-uploads-eu' }],
    ['s3://logs.corp.example/', { kind: 'bucket', bucket: 'logs.corp.example' }],
    ['AKIAIOSFODNN7EXAMPLE', { kind: 'access-key', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }],
    ['ASIAIOSFODNN7EXAMPLE', { kind: 'access-key', accessKeyId: 'ASIAIOSFODNN7EXAMPLE' }],
    ['048213396712', { kind: 'account', accountId: '048213396712' }],
    [
      'user/mara.lind@corp.example',
      { kind: 'principal', principalKind: 'user', name: 'mara.lind@corp.example' },
    ],
    ['role/etl-loader', { kind: 'principal', principalKind: 'role', name: 'etl-loader' }],
    ['role/service-role/etl-loader', { kind: 'principal', principalKind: 'role', name: 'etl-loader' }],
    ['arn:aws:iam::048213396712:user/ops/mara', { kind: 'principal', principalKind: 'user', name: 'mara' }],
    [
      'arn:aws:sts::048213396712:assumed-role/etl-loader/session-17',
      { kind: 'principal', principalKind: 'role', name: 'etl-loader' },
    ],
    ['Team=payments', { kind: 'tag', key: 'Team', value: 'payments' }],
    ['Team = "Payments Platform"', { kind: 'tag', key: 'Team', value: 'Payments Platform' }],
    ['aws:cloudformation:stack-name=ledger-api', { kind: 'tag', key: 'aws:cloudformation:stack-name' }],
    ['  media-uploads-eu  ', { kind: 'name', name: 'media-uploads-eu' }],
    ['<http://logs.corp.example|logs.corp.example>', { kind: 'name', name: 'logs.corp.example' }],
  ])('%s', (input, expected) => {
    expect(parseOwnerQuery(input)).toMatchObject(expected);
  });

  it('turns an assumed-role session into its role ARN', () => {
    const query = parseOwnerQuery('arn:aws:sts::048213396712:assumed-role/etl-loader/session-17');
    expect(query.kind === 'principal' && query.arn?.resource).toBe('role/etl-loader');
  });
});

describe('parseOwnerQuery rejects bad and ambiguous input with a UsageError', () => {
  it.each([
    ['', 'Say what to look up'],
    ['   ', 'Say what to look up'],
    ['i-0a11b22c33', 'has 10 hex digits; instance ids are i- followed by 8 or 17 hex digits'],
    ['4821339671', 'has 10 digits; account ids have exactly 12'],
    [
      'arn:aws:ec2:eu-west-1:48213396712:instance/i-0a11b22c',
      'is not a valid ARN: it has "48213396712" as its account-id',
    ],
    ['ARN:aws:s3:::media', 'must start with "arn:"'],
    ['s3://Media_Uploads', 'bucket names use only lowercase letters'],
    ['s3://ab', 'bucket names are 3 to 63 characters long'],
    ['s3://-media', 'begin and end with a letter or digit'],
    ['s3://media..uploads', 'two adjacent periods'],
    ['s3://10.20.30.40', 'formatted as an IP address'],
    ['s3://xn--media', 'reserved prefix "xn--"'],
    ['s3://media--ol-s3', 'reserved suffix "--ol-s3"'],
    ['media!uploads', 'is not an ARN, instance id, bucket, role or user name, access key id'],
    ['AKIA-not-a-key!', 'IAM role and user names are 1 to 64 letters'],
    ['group/admins', 'is not a principal: write user/NAME or role/NAME'],
    ['role/bad\\name!', 'not a valid IAM role name'],
    ['media-uploads-eu i-0a11b22c', 'Give one thing to look up, not 2 words'],
    ['=payments', 'has no tag key before "="'],
    ['Team=', 'has no tag value after "="'],
    ['Cost Center=cc-1', 'is not a tag key'],
  ])('%j', (input, message) => {
    let caught: unknown;
    try {
      parseOwnerQuery(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    const usage = caught as UsageError;
    expect(usage.message).toContain(message);
    expect(usage.usage).toBe(OWNER_USAGE);
    expect(usage.userMessage).toContain(`Usage: ${OWNER_USAGE}`);
  });

  it('writes its usage without angle brackets, which Slack would read as a link and swallow', () => {
    expect(OWNER_USAGE).not.toMatch(/[<>]/);
    expect(OWNER_USAGE).toContain('ROLE-OR-USER-NAME');
    expect(OWNER_USAGE).toContain('ACCESS-KEY-ID');
  });

  it('suggests the bucket ARN when a name could be an instance id or an account id', () => {
    expect(() => parseOwnerQuery('i-0a11b22c33')).toThrow('use arn:aws:s3:::i-0a11b22c33');
    expect(() => parseOwnerQuery('4821339671')).toThrow('use arn:aws:s3:::4821339671');
  });

  it('uses the usage line it is given (the CLI has its own)', () => {
    expect(() => parseOwnerQuery('', 'watchkeeper owner QUERY')).toThrow(
      expect.objectContaining({ usage: 'watchkeeper owner QUERY' }),
    );
  });
});
