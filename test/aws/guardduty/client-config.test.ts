import { GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { afterEach, describe, expect, it } from 'vitest';
import { awsClientConfig, awsErrorFrom, ROLE_SESSION_NAME } from '../../../src/aws/client-config.js';
import { AwsError, ErrorCode } from '../../../src/platform/errors.js';
import { ACCOUNT, REGION } from './gd-test-kit.js';
import { type LocalAwsServer, type RecordedRequest, startLocalAwsServer } from './local-aws-server.js';

// Tests live beside the GuardDuty tests because test/aws/ outside guardduty/ is not this area's.

const ROLE = `arn:aws:iam::${ACCOUNT}:role/watchkeeper-reader`;
const TEMP_KEY = 'ASIALOCALTESTKEY0001';

const ASSUME_ROLE_XML = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>${TEMP_KEY}</AccessKeyId>
      <SecretAccessKey>local-secret</SecretAccessKey>
      <SessionToken>local-session-token</SessionToken>
      <Expiration>2099-01-01T00:00:00Z</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::${ACCOUNT}:assumed-role/watchkeeper-reader/${ROLE_SESSION_NAME}</Arn>
      <AssumedRoleId>AROALOCALTESTROLE0001:${ROLE_SESSION_NAME}</AssumedRoleId>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>4f1e2d3c-0000-4000-8000-000000000001</RequestId></ResponseMetadata>
</AssumeRoleResponse>`;

const servers: LocalAwsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(answer: Parameters<typeof startLocalAwsServer>[0]): Promise<LocalAwsServer> {
  const started = await startLocalAwsServer(answer);
  servers.push(started);
  return started;
}

function form(request: RecordedRequest | undefined): URLSearchParams {
  return new URLSearchParams(request?.body ?? '');
}

describe('awsClientConfig', () => {
  it('uses adaptive retry, the given attempts and region, and the default chain without a role', () => {
    const config = awsClientConfig({ accountId: ACCOUNT, region: REGION }, { maxAttempts: 4 });
    expect(config).toEqual({ region: REGION, maxAttempts: 4, retryMode: 'adaptive' });
    expect('credentials' in config).toBe(false);
  });

  it('assumes the account role with session name watchkeeper and the external id, then signs with it', async () => {
    const sts = await server(() => ({
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body: ASSUME_ROLE_XML,
    }));
    const guardduty = await server(() => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ detectorIds: ['d1'] }),
    }));
    const config = awsClientConfig(
      { accountId: ACCOUNT, region: REGION, roleArn: ROLE, externalId: 'wk-external-7' },
      {
        maxAttempts: 2,
        stsEndpoint: sts.endpoint,
        sourceCredentials: { accessKeyId: 'AKIDSOURCE', secretAccessKey: 'source' },
      },
    );
    const client = new GuardDutyClient({ ...config, endpoint: guardduty.endpoint });
    await client.send(new ListDetectorsCommand({}));
    await client.send(new ListDetectorsCommand({}));

    expect(sts.requests).toHaveLength(1); // the temporary credentials are cached
    const assume = form(sts.requests[0]);
    expect(assume.get('Action')).toBe('AssumeRole');
    expect(assume.get('RoleArn')).toBe(ROLE);
    expect(assume.get('RoleSessionName')).toBe('watchkeeper');
    expect(assume.get('ExternalId')).toBe('wk-external-7');
    expect(String(guardduty.requests[0]?.headers.authorization)).toContain(`Credential=${TEMP_KEY}/`);
    expect(guardduty.requests[0]?.headers['x-amz-security-token']).toBe('local-session-token');
  });

  it('sends no ExternalId when none is configured', async () => {
    const sts = await server(() => ({
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body: ASSUME_ROLE_XML,
    }));
    const config = awsClientConfig(
      { accountId: ACCOUNT, region: REGION, roleArn: ROLE },
      {
        maxAttempts: 1,
        stsEndpoint: sts.endpoint,
        sourceCredentials: { accessKeyId: 'AKIDSOURCE', secretAccessKey: 's' },
      },
    );
    await config.credentials?.();
    expect(form(sts.requests[0]).has('ExternalId')).toBe(false);
  });
});

describe('awsErrorFrom', () => {
  const context = {
    service: 'GuardDuty',
    operation: 'ListFindings',
    target: 'detector d-1 in 210987654321/eu-west-1',
  };

  it('names the IAM action the call needs when access is denied', () => {
    const denied = Object.assign(new Error('User is not allowed'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 403 },
    });
    const error = awsErrorFrom(denied, { ...context, roleArn: ROLE });
    expect(error).toBeInstanceOf(AwsError);
    expect(error.code).toBe(ErrorCode.AwsAccessDenied);
    expect(error.missingAction).toBe('guardduty:ListFindings');
    expect(error.userMessage).toBe(
      `AWS refused guardduty:ListFindings for ${ROLE}. Add that action to Watchkeeper's IAM policy (deploy/iam-policy.json).`,
    );
    expect(error.cause).toBe(denied);
  });

  it('names the action AWS itself named, such as sts:AssumeRole when the role cannot be assumed', () => {
    const denied = Object.assign(
      new Error(
        `User: arn:aws:iam::111111111111:user/wk is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
      ),
      { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } },
    );
    expect(awsErrorFrom(denied, context).missingAction).toBe('sts:AssumeRole');
  });

  it('treats an unnamed 403 as access denied', () => {
    const error = awsErrorFrom(
      Object.assign(new Error('Forbidden'), { $metadata: { httpStatusCode: 403 } }),
      context,
    );
    expect(error.awsCode).toBe('AccessDenied');
    expect(error.code).toBe(ErrorCode.AwsAccessDenied);
  });

  it('keeps other errors as call failures without a missing action', () => {
    const error = awsErrorFrom(
      Object.assign(new Error('boom'), {
        name: 'InternalServerErrorException',
        $metadata: { httpStatusCode: 500 },
      }),
      context,
    );
    expect(error.code).toBe(ErrorCode.AwsCallFailed);
    expect(error.missingAction).toBeUndefined();
    expect(error.message).toBe(
      'GuardDuty ListFindings failed (InternalServerErrorException): detector d-1 in 210987654321/eu-west-1',
    );
  });

  it('maps the service name to its IAM prefix', () => {
    const denied = Object.assign(new Error('no'), { name: 'AccessDeniedException' });
    expect(
      awsErrorFrom(denied, { ...context, service: 'CloudWatchLogs', operation: 'FilterLogEvents' })
        .missingAction,
    ).toBe('logs:FilterLogEvents');
  });

  it('passes an AwsError through unchanged', () => {
    const original = new AwsError({
      service: 'GuardDuty',
      operation: 'GetFindings',
      awsCode: 'X',
      target: 't',
    });
    expect(awsErrorFrom(original, context)).toBe(original);
  });
});
