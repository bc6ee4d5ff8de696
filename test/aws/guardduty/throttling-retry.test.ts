import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { afterEach, describe, expect, it } from 'vitest';
import { awsClientConfig } from '../../../src/aws/client-config.js';
import { SdkGuardDutyFindingsPort } from '../../../src/aws/guardduty/sdk-port.js';
import { AwsError } from '../../../src/platform/errors.js';
import { ACCOUNT, DETECTOR, REGION } from './gd-test-kit.js';
import { type LocalAwsServer, type Reply, startLocalAwsServer } from './local-aws-server.js';

const THROTTLED: Reply = {
  status: 400,
  headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'ThrottlingException' },
  body: JSON.stringify({ message: 'Rate exceeded' }),
};
const PAGE: Reply = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ findingIds: ['a4c6e8f0b2d4f6a8c0e2b4d6f8a0c2e4'] }),
};

let server: LocalAwsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A GuardDuty client built from awsClientConfig, pointed at the local server. */
function portFor(endpoint: string, maxAttempts: number) {
  const config = awsClientConfig({ accountId: ACCOUNT, region: REGION }, { maxAttempts });
  const client = new GuardDutyClient({
    ...config,
    endpoint,
    credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local' },
  });
  return new SdkGuardDutyFindingsPort(client, { accountId: ACCOUNT, region: REGION });
}

const listFindingsPath = `/detector/${DETECTOR}/findings`;

describe('GuardDuty calls under throttling (real SDK retry middleware)', () => {
  it('retries a ThrottlingException itself and returns the next answer', async () => {
    let calls = 0;
    server = await startLocalAwsServer(() => (++calls === 1 ? THROTTLED : PAGE));
    const page = await portFor(server.endpoint, 2).listFindingIds(DETECTOR, {
      updatedSinceMs: 0,
      includeArchived: false,
    });
    expect(page.ids).toEqual(['a4c6e8f0b2d4f6a8c0e2b4d6f8a0c2e4']);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST ${listFindingsPath}`,
      `POST ${listFindingsPath}`,
    ]);
    // The wire request carries the criteria the port built (restJson1 uses camelCase names).
    expect(JSON.parse(server.requests[0]?.body ?? '{}')).toMatchObject({
      findingCriteria: { criterion: { updatedAt: { greaterThanOrEqual: 0 } } },
      sortCriteria: { attributeName: 'updatedAt', orderBy: 'ASC' },
      maxResults: 50,
    });
  });

  it('gives up after maxAttempts with an AwsError carrying the throttling code', async () => {
    server = await startLocalAwsServer(() => THROTTLED);
    const attempt = portFor(server.endpoint, 2).listFindingIds(DETECTOR, {
      updatedSinceMs: 0,
      includeArchived: false,
    });
    await expect(attempt).rejects.toBeInstanceOf(AwsError);
    await expect(attempt).rejects.toMatchObject({
      awsCode: 'ThrottlingException',
      operation: 'ListFindings',
    });
    expect(server.requests).toHaveLength(2);
  });
});
