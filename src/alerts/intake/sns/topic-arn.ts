import picomatch from 'picomatch';

/**
 * SNS topic ARNs: their shape, their region and partition (which the signing certificate's host
 * must match), and the operator's allow list (config `intake.snsTopicArns`). Pure functions.
 */

/** An AWS region as SNS hosts and ARNs spell it: `eu-west-1`, `us-gov-west-1`, `cn-north-1`. */
export const SNS_REGION_PATTERN = '[a-z]{2,4}(?:-[a-z]+)+-\\d{1,2}';

/**
 * `arn:<partition>:sns:<region>:<12-digit account>:<name>`; topic names are letters, digits, `-`
 * and `_` (at most 256), with `.fifo` at the end of FIFO topics.
 */
const TOPIC_ARN = new RegExp(
  `^arn:(aws(?:-[a-z]+)*):sns:(${SNS_REGION_PATTERN}):(\\d{12}):([A-Za-z0-9_-]{1,256}(?:\\.fifo)?)$`,
);

export interface SnsTopicArn {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly name: string;
}

/** The parts of an SNS topic ARN, or undefined when `text` is not one. */
export function parseTopicArn(text: string): SnsTopicArn | undefined {
  const match = TOPIC_ARN.exec(text);
  if (!match) return undefined;
  const [, partition = '', region = '', account = '', name = ''] = match;
  return { partition, region, account, name };
}

export function isTopicArn(text: string): boolean {
  return TOPIC_ARN.test(text);
}

/**
 * True when `topicArn` is on the allow list: an exact ARN or a glob
 * (`arn:aws:sns:*:123456789012:security-*`). Every SNS message type is checked against it: SNS
 * signs every customer's topics with the same regional certificate, so a good signature proves
 * only that the message came through SNS, not that it came from one of our topics.
 */
export function topicArnAllowed(topicArn: string, allowed: readonly string[]): boolean {
  if (allowed.includes(topicArn)) return true;
  const globs = allowed.filter((pattern) => picomatch.scan(pattern).isGlob);
  return globs.length > 0 && picomatch.isMatch(topicArn, globs, { dot: true });
}
