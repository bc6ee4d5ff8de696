import { describe, expect, it } from 'vitest';
import { arnResourceName, formatArn, parseArn } from '../../../src/aws/tagging/arn.js';

function parsed(text: string) {
  const result = parseArn(text);
  if (!result.ok) throw new Error(`expected ${text} to parse: ${result.problem}`);
  return result.arn;
}

describe('parseArn', () => {
  it('splits the six fields and keeps colons inside the resource part', () => {
    const arn = parsed('arn:aws:lambda:eu-west-1:048213396712:function:ledger-reconcile:live');
    expect(arn).toMatchObject({
      partition: 'aws',
      service: 'lambda',
      region: 'eu-west-1',
      accountId: '048213396712',
      resource: 'function:ledger-reconcile:live',
      resourceType: 'function',
      resourceId: 'ledger-reconcile:live',
    });
    expect(arnResourceName(arn)).toBe('ledger-reconcile');
  });

  it('reads global services with empty region and account', () => {
    const arn = parsed('arn:aws:s3:::media-uploads-eu/2024/report.csv');
    expect(arn).toMatchObject({ region: '', accountId: '', resource: 'media-uploads-eu/2024/report.csv' });
    expect(arnResourceName(arn)).toBe('media-uploads-eu');
  });

  it('names an IAM role by its last path segment', () => {
    const arn = parsed('arn:aws-us-gov:iam::048213396712:role/service-role/etl-loader');
    expect(arn.partition).toBe('aws-us-gov');
    expect(arnResourceName(arn)).toBe('etl-loader');
  });

  it('accepts AWS-managed policy ARNs whose account is "aws"', () => {
    expect(parsed('arn:aws:iam::aws:policy/ReadOnlyAccess').accountId).toBe('aws');
  });

  it('keeps an untyped resource whole', () => {
    const arn = parsed('arn:aws-cn:sns:cn-north-1:048213396712:ledger-events');
    expect(arn.resourceType).toBeUndefined();
    expect(arnResourceName(arn)).toBe('ledger-events');
  });

  it.each([
    ['arn:aws:s3', 'has 3 of the 6 colon-separated fields'],
    ['urn:aws:s3:::bucket', 'must start with "arn:"'],
    ['arn:amazon:s3:::bucket', 'as its partition'],
    ['arn:aws:EC2:eu-west-1:048213396712:instance/i-0a11b22c', 'as its service'],
    ['arn:aws:ec2:europe:048213396712:instance/i-0a11b22c', 'as its region'],
    ['arn:aws:ec2:eu-west-1:4821339671:instance/i-0a11b22c', 'as its account-id'],
    ['arn:aws:ec2:eu-west-1:048213396712:', 'empty resource part'],
    ['arn:aws:ec2:eu-west-1:048213396712:instance/i 0a', 'whitespace'],
  ])('rejects %s and says which field is wrong', (text, problem) => {
    const result = parseArn(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toContain(problem);
  });

  it('formats back to the text it parsed', () => {
    const text = 'arn:aws:dynamodb:eu-west-1:048213396712:table/ledger-entries';
    expect(formatArn(parsed(text))).toBe(text);
  });
});
