import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHttpCertificateFetcher } from '../../../../src/alerts/intake/sns/cert-fetcher.js';
import type { SnsRejectReason } from '../../../../src/alerts/intake/sns/message.js';
import { checkSigningCertUrl, type UrlVerdict } from '../../../../src/alerts/intake/sns/sns-url.js';
import { type SnsVerifyDeps, verifySnsMessage } from '../../../../src/alerts/intake/sns/verify.js';
import { AuthenticationError, InputError } from '../../../../src/platform/errors.js';
import {
  createSigningIdentity,
  type LocalServer,
  loadSnsFixture,
  type SnsFixture,
  signSnsMessage,
  startLocalServer,
  type TestSigningIdentity,
} from './sns-test-kit.js';

let server: LocalServer;
let identity: TestSigningIdentity;
let stranger: TestSigningIdentity;
let certUrl: string;

/** The production rule, plus this test's own http server (HTTPS-less, on 127.0.0.1). */
function localOrProduction(url: string): UrlVerdict {
  if (url.startsWith(`${server.origin}/`) && url.endsWith('.pem')) return { ok: true, url: new URL(url) };
  return checkSigningCertUrl(url);
}

function deps(overrides: Partial<SnsVerifyDeps> = {}): SnsVerifyDeps {
  return { fetchCertificate: createHttpCertificateFetcher(), checkCertUrl: localOrProduction, ...overrides };
}

function signed(fixture: string, version: '1' | '2', extra: SnsFixture = {}): SnsFixture {
  return signSnsMessage({ ...loadSnsFixture(fixture), ...extra }, identity, { version, certUrl });
}

async function reasonOf(body: SnsFixture | string, d: SnsVerifyDeps = deps()): Promise<SnsRejectReason> {
  try {
    await verifySnsMessage(typeof body === 'string' ? body : JSON.stringify(body), d);
  } catch (error) {
    if (error instanceof AuthenticationError || error instanceof InputError) {
      return (error as unknown as { reason: SnsRejectReason }).reason;
    }
    throw error;
  }
  throw new Error('expected verifySnsMessage to reject');
}

beforeAll(async () => {
  identity = createSigningIdentity();
  stranger = createSigningIdentity('someone-else.test');
  server = await startLocalServer();
  certUrl = `${server.origin}/SimpleNotificationService-test.pem`;
  server.serve('/SimpleNotificationService-test.pem', { body: identity.certificatePem });
  server.serve('/not-a-cert.pem', { body: 'hello' });
});

afterAll(async () => {
  await server?.close();
});

describe('verifySnsMessage', () => {
  it.each([
    ['notification.json', '1'],
    ['notification.json', '2'],
    ['notification-no-subject.json', '1'],
    ['notification-no-subject.json', '2'],
    ['subscription-confirmation.json', '1'],
    ['subscription-confirmation.json', '2'],
    ['unsubscribe-confirmation.json', '1'],
  ] as const)('accepts %s signed with SignatureVersion %s', async (fixture, version) => {
    const body = signed(fixture, version);
    const message = await verifySnsMessage(JSON.stringify(body), deps());
    expect(message.MessageId).toBe(body.MessageId);
    expect(message.Type).toBe(body.Type);
  });

  it('accepts a body with the SNS spacing and key order, not only re-serialized JSON', async () => {
    const body = signed('notification.json', '1');
    const spaced = `{\n${Object.entries(body)
      .map(([k, v]) => `  ${JSON.stringify(k)} : ${JSON.stringify(v)}`)
      .join(',\n')}\n}`;
    await expect(verifySnsMessage(spaced, deps())).resolves.toMatchObject({ Type: 'Notification' });
  });

  it('refuses a message whose Message was changed after signing', async () => {
    const body = { ...signed('notification.json', '1'), Message: '{"AlarmName":"harmless"}' };
    expect(await reasonOf(body)).toBe('signature-mismatch');
  });

  it('refuses a notification whose Subject was added after signing', async () => {
    const body = { ...signed('notification-no-subject.json', '2'), Subject: 'injected' };
    expect(await reasonOf(body)).toBe('signature-mismatch');
  });

  it('refuses a confirmation whose SubscribeURL was changed after signing', async () => {
    const original = signed('subscription-confirmation.json', '1');
    const body = { ...original, SubscribeURL: String(original.SubscribeURL).replace('Token=7c', 'Token=00') };
    expect(await reasonOf(body)).toBe('signature-mismatch');
  });

  it('refuses a v1 signature presented as v2 (the digest is part of what is verified)', async () => {
    const body = { ...signed('notification.json', '1'), SignatureVersion: '2' };
    expect(await reasonOf(body)).toBe('signature-mismatch');
  });

  it('refuses a message signed by a key other than the certificate’s', async () => {
    const body = signSnsMessage(loadSnsFixture('notification.json'), stranger, { version: '2', certUrl });
    expect(await reasonOf(body)).toBe('signature-mismatch');
  });

  it('refuses a signature that is not base64 of the right length', async () => {
    expect(await reasonOf({ ...signed('notification.json', '1'), Signature: 'not base64 !!' })).toBe(
      'signature-mismatch',
    );
  });

  it.each(['3', '0', ''])('refuses SignatureVersion %j as unsupported', async (version) => {
    const body = { ...signed('notification.json', '1'), SignatureVersion: version };
    const fetchCertificate = vi.fn(async () => identity.certificatePem);
    const reason = await reasonOf(body, deps({ fetchCertificate }));
    expect(reason).toBe(version === '' ? 'malformed-message' : 'unsupported-signature-version');
    expect(fetchCertificate).not.toHaveBeenCalled();
  });

  it.each([
    ['a non-SNS host', 'https://certs.evil.example/SimpleNotificationService-x.pem'],
    ['an http URL', 'http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-x.pem'],
    ['a path not ending in .pem', 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-x.crt'],
  ])('refuses %s as SigningCertURL without fetching it', async (_label, url) => {
    const body = signSnsMessage(loadSnsFixture('notification.json'), identity, {
      version: '1',
      certUrl: url,
    });
    const fetchCertificate = vi.fn(async () => identity.certificatePem);
    expect(await reasonOf(body, deps({ fetchCertificate, checkCertUrl: checkSigningCertUrl }))).toBe(
      'bad-cert-url',
    );
    expect(fetchCertificate).not.toHaveBeenCalled();
  });

  it('uses the production certificate URL rule when none is injected', async () => {
    const body = signed('notification.json', '1');
    const reason = await reasonOf(body, { fetchCertificate: async () => identity.certificatePem });
    expect(reason).toBe('bad-cert-url');
  });

  it('refuses a certificate from another region than the topic, without fetching it', async () => {
    // eu-west-1 topic; a good signature from a certificate served as if by SNS in us-east-1.
    const body = signSnsMessage(loadSnsFixture('notification.json'), identity, {
      version: '2',
      certUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-x.pem',
    });
    const fetchCertificate = vi.fn(async () => identity.certificatePem);
    expect(await reasonOf(body, { fetchCertificate })).toBe('bad-cert-url');
    expect(fetchCertificate).not.toHaveBeenCalled();
  });

  it('accepts the same signature when the certificate is from the topic’s region', async () => {
    const body = signSnsMessage(loadSnsFixture('notification.json'), identity, {
      version: '2',
      certUrl: 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-x.pem',
    });
    const fetchCertificate = vi.fn(async () => identity.certificatePem);
    await expect(verifySnsMessage(JSON.stringify(body), { fetchCertificate })).resolves.toMatchObject({
      Type: 'Notification',
    });
    expect(fetchCertificate).toHaveBeenCalledTimes(1);
  });

  it('reports certificate-unavailable when the certificate URL answers 404', async () => {
    const body = signSnsMessage(loadSnsFixture('notification.json'), identity, {
      version: '1',
      certUrl: `${server.origin}/missing.pem`,
    });
    expect(await reasonOf(body)).toBe('certificate-unavailable');
  });

  it('reports bad-certificate when the URL serves something that is not a certificate', async () => {
    const body = signSnsMessage(loadSnsFixture('notification.json'), identity, {
      version: '1',
      certUrl: `${server.origin}/not-a-cert.pem`,
    });
    expect(await reasonOf(body)).toBe('bad-certificate');
  });

  it('reports bad JSON and unknown Type as input errors before any fetch', async () => {
    const fetchCertificate = vi.fn(async () => identity.certificatePem);
    expect(await reasonOf('{"Type":', deps({ fetchCertificate }))).toBe('bad-json');
    expect(
      await reasonOf({ ...signed('notification.json', '1'), Type: 'Ping' }, deps({ fetchCertificate })),
    ).toBe('unknown-type');
    expect(fetchCertificate).not.toHaveBeenCalled();
  });

  it('throws AuthenticationError for a bad signature and InputError for bad JSON', async () => {
    const tampered = JSON.stringify({ ...signed('notification.json', '1'), Message: 'x' });
    await expect(verifySnsMessage(tampered, deps())).rejects.toBeInstanceOf(AuthenticationError);
    await expect(verifySnsMessage('nope', deps())).rejects.toBeInstanceOf(InputError);
  });
});
