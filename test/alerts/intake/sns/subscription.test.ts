import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  parseSnsMessage,
  type SnsSubscriptionConfirmation,
} from '../../../../src/alerts/intake/sns/message.js';
import {
  confirmByHttpGet,
  handleSubscriptionConfirmation,
} from '../../../../src/alerts/intake/sns/subscription.js';
import { createSilentLogger } from '../../../../src/platform/log/logger.js';
import { type LocalServer, loadSnsFixture, startLocalServer } from './sns-test-kit.js';

const TOPIC = 'arn:aws:sns:eu-west-1:210987654321:watchkeeper-alarms';

function confirmation(file = 'subscription-confirmation.json', extra: Record<string, unknown> = {}) {
  const message = parseSnsMessage(JSON.stringify({ ...loadSnsFixture(file), ...extra }));
  if (message.Type !== 'SubscriptionConfirmation')
    throw new Error('fixture is not a SubscriptionConfirmation');
  return message as SnsSubscriptionConfirmation;
}

describe('handleSubscriptionConfirmation', () => {
  const logger = createSilentLogger();

  it('confirms an allow-listed topic by its SubscribeURL', async () => {
    const confirm = vi.fn(async () => undefined);
    const message = confirmation();
    const outcome = await handleSubscriptionConfirmation(message, {
      allowedTopicArns: [TOPIC],
      confirm,
      logger,
    });
    expect(outcome).toEqual({ status: 'confirmed', topicArn: TOPIC });
    expect(confirm).toHaveBeenCalledWith(new URL(message.SubscribeURL).href);
  });

  it('confirms a topic matched by a glob', async () => {
    const confirm = vi.fn(async () => undefined);
    const outcome = await handleSubscriptionConfirmation(confirmation(), {
      allowedTopicArns: ['arn:aws:sns:eu-west-1:210987654321:watchkeeper-*'],
      confirm,
      logger,
    });
    expect(outcome.status).toBe('confirmed');
    expect(confirm).toHaveBeenCalledTimes(1);
  });

  it('refuses a topic that is not allow-listed, without calling SNS', async () => {
    const confirm = vi.fn(async () => undefined);
    const warn = vi.spyOn(logger, 'warn');
    const outcome = await handleSubscriptionConfirmation(confirmation(), {
      allowedTopicArns: ['arn:aws:sns:eu-west-1:210987654321:other-topic'],
      confirm,
      logger,
    });
    expect(outcome).toMatchObject({ status: 'refused', reason: 'topic-not-allowed', topicArn: TOPIC });
    expect(confirm).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalled();
  });

  it('refuses a SubscribeURL on a host that is not SNS (the AWS doc example uses amazonses.com)', async () => {
    const confirm = vi.fn(async () => undefined);
    const outcome = await handleSubscriptionConfirmation(
      confirmation('unsigned-doc-style-subscribe-url.json'),
      {
        allowedTopicArns: [TOPIC],
        confirm,
        logger,
      },
    );
    expect(outcome).toMatchObject({ status: 'refused', reason: 'bad-subscribe-url' });
    expect(confirm).not.toHaveBeenCalled();
  });

  it('refuses a SubscribeURL that confirms another topic', async () => {
    const confirm = vi.fn(async () => undefined);
    const message = confirmation();
    const other = message.SubscribeURL.replace('watchkeeper-alarms', 'attacker-topic');
    const outcome = await handleSubscriptionConfirmation(
      { ...message, SubscribeURL: other },
      { allowedTopicArns: [TOPIC], confirm, logger },
    );
    expect(outcome).toMatchObject({ status: 'refused', reason: 'bad-subscribe-url' });
    expect(confirm).not.toHaveBeenCalled();
  });

  it('reports a failed confirmation GET as unreachable (so SNS is asked to retry), without the token', async () => {
    const confirm = vi.fn(async () => {
      throw new Error('SNS ConfirmSubscription answered HTTP 403');
    });
    const message = confirmation();
    const outcome = await handleSubscriptionConfirmation(message, {
      allowedTopicArns: [TOPIC],
      confirm,
      logger,
    });
    expect(outcome).toMatchObject({
      status: 'unreachable',
      reason: 'subscribe-url-unreachable',
      topicArn: TOPIC,
    });
    expect(JSON.stringify(outcome)).not.toContain(message.Token);
  });
});

describe('confirmByHttpGet', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startLocalServer();
    server.serve('/?Action=ConfirmSubscription&Token=t', { body: '<ConfirmSubscriptionResponse/>' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('GETs the URL and resolves on 200', async () => {
    await confirmByHttpGet()(`${server.origin}/?Action=ConfirmSubscription&Token=t`);
    expect(server.requests).toContain('/?Action=ConfirmSubscription&Token=t');
  });

  it('rejects when SNS answers an error status', async () => {
    await expect(
      confirmByHttpGet()(`${server.origin}/?Action=ConfirmSubscription&Token=wrong`),
    ).rejects.toThrow(/HTTP 404/);
  });
});
