import { parseTopicArn, SNS_REGION_PATTERN } from './topic-arn.js';

/**
 * The URL rules that stop a forged SNS message from pointing us at a certificate or a
 * confirmation link of the attacker's choosing. Pure functions: no I/O, so the rules can be
 * tested with a table of good and evil URLs.
 */

/** `sns.<region>.amazonaws.com` or `sns.<region>.amazonaws.com.cn`, nothing before or after. */
const SNS_HOST = new RegExp(`^sns\\.(${SNS_REGION_PATTERN})\\.amazonaws\\.com(?:\\.cn)?$`);

export type UrlVerdict =
  | { readonly ok: true; readonly url: URL }
  | { readonly ok: false; readonly problem: string };

/** Host rule shared by the certificate and subscribe URLs; returns the region in the host. */
export function snsRegionOfHost(hostname: string): string | undefined {
  return SNS_HOST.exec(hostname)?.[1];
}

/**
 * The parts every SNS URL must satisfy: parses, https, an SNS host, no user info and no port
 * (`https://sns.us-east-1.amazonaws.com@evil.example/…` has host `evil.example`; a port would
 * reach something other than the SNS endpoint).
 */
function checkSnsOrigin(text: string, label: string): UrlVerdict {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: `${label} is not a valid URL` };
  }
  if (url.protocol !== 'https:')
    return { ok: false, problem: `${label} must use https (got ${url.protocol})` };
  if (url.username !== '' || url.password !== '')
    return { ok: false, problem: `${label} must not carry user info` };
  if (url.port !== '') return { ok: false, problem: `${label} must not name a port` };
  if (snsRegionOfHost(url.hostname) === undefined) {
    return { ok: false, problem: `${label} host ${url.hostname} is not sns.<region>.amazonaws.com(.cn)` };
  }
  return { ok: true, url };
}

/**
 * The production SigningCertURL rule (after AWS's own aws-js-sns-message-validator, tightened):
 * https, an SNS host, a path ending in `.pem`, and no query or fragment. When `topicArn` is given
 * (verification always gives it), the host must also be the SNS endpoint of the topic's own
 * region and partition: SNS signs a topic's messages with its region's certificate, so a message
 * claiming a topic in one region and a certificate from another was not sent by that topic.
 */
export function checkSigningCertUrl(text: string, topicArn?: string): UrlVerdict {
  const origin = checkSnsOrigin(text, 'SigningCertURL');
  if (!origin.ok) return origin;
  const { url } = origin;
  if (!url.pathname.endsWith('.pem')) return { ok: false, problem: 'SigningCertURL path must end in .pem' };
  if (url.search !== '' || url.hash !== '') {
    return { ok: false, problem: 'SigningCertURL must not carry a query or fragment' };
  }
  if (topicArn === undefined) return origin;
  const topic = parseTopicArn(topicArn);
  if (topic === undefined) return { ok: false, problem: 'TopicArn is not an SNS topic ARN' };
  const certRegion = snsRegionOfHost(url.hostname);
  if (certRegion !== topic.region) {
    return {
      ok: false,
      problem: `SigningCertURL region ${certRegion ?? '(none)'} does not match the TopicArn region ${topic.region}`,
    };
  }
  // Regions are unique across partitions, but the host suffix must agree with the ARN as well.
  if (url.hostname.endsWith('.cn') !== (topic.partition === 'aws-cn')) {
    return {
      ok: false,
      problem: `SigningCertURL host ${url.hostname} is not in the TopicArn partition ${topic.partition}`,
    };
  }
  return origin;
}

/**
 * The SubscribeURL rule: an SNS host, `Action=ConfirmSubscription`, and, when `topicArn` is
 * given, a `TopicArn` parameter naming that same topic (so a signed confirmation for one topic
 * cannot be used to confirm another).
 */
export function checkSubscribeUrl(text: string, topicArn?: string): UrlVerdict {
  const origin = checkSnsOrigin(text, 'SubscribeURL');
  if (!origin.ok) return origin;
  const { url } = origin;
  const actions = url.searchParams.getAll('Action');
  if (actions.length !== 1 || actions[0] !== 'ConfirmSubscription') {
    return { ok: false, problem: 'SubscribeURL must have exactly one Action=ConfirmSubscription' };
  }
  if (topicArn !== undefined) {
    const topics = url.searchParams.getAll('TopicArn');
    if (topics.length !== 1 || topics[0] !== topicArn) {
      return { ok: false, problem: 'SubscribeURL TopicArn does not match the message TopicArn' };
    }
  }
  return origin;
}
