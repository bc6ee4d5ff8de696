import { describe, expect, it } from 'vitest';
import {
  MASK_EXACT_LIMIT,
  MASK_MAX_DEPTH,
  maskAccessKeysInText,
  maskSecretsDeep,
  maskSecretsInText,
  SHORTEST_SECRET_SHAPE,
} from '../../../src/platform/log/mask.js';

const KEY_ID = 'AKIAZ7CANARY0KEY4Q2W';
const TEMP_KEY_ID = 'ASIAZ7CANARY0TMP9X8V';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARY0SEC';
const SESSION = 'IQoJb3JpZ2luX2VjEKL//////////wEaCXVzLWVhc3QtMSJHMEUCIQCanary0SessionTok%2Ben';
const SIGNATURE = 'fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024';
const SLACK_TOKENS = [
  'xoxb-1234567890-0987654321-CanaryBotTok',
  'xoxp-1234567890-0987654321-CanaryUsrTok',
  'xapp-1-A0123456789-1234567890-canaryapptok',
  'xoxe-1-My0xLTEyMzQ1Njc4OTAtY2FuYXJ5',
  'xoxe.xoxp-1-Mi0yLTEyMzQ1Njc4OTAtY2FuYXJ5',
];

describe('maskSecretsInText', () => {
  it('keeps the kind and last four characters of access key ids, so responders can match them', () => {
    expect(maskSecretsInText(`key ${KEY_ID} and ${TEMP_KEY_ID}.`)).toBe('key AKIA…4Q2W and ASIA…9X8V.');
  });

  it('masks access key ids glued to other text', () => {
    expect(maskSecretsInText(`user_${KEY_ID}x`)).not.toContain(KEY_ID);
    expect(maskSecretsInText(`ZZ${KEY_ID}`)).not.toContain(KEY_ID);
  });

  it('leaves principal ids (AIDA, AROA), which are not credentials, whole', () => {
    expect(maskSecretsInText('AIDAEXAMPLEDEPLOYBOT AROAEXAMPLEADMINROLE')).toBe(
      'AIDAEXAMPLEDEPLOYBOT AROAEXAMPLEADMINROLE',
    );
  });

  it.each([
    [`aws_secret_access_key=${SECRET}`, 'aws_secret_access_key=****'],
    [`AWS_SECRET_ACCESS_KEY = ${SECRET}`, 'AWS_SECRET_ACCESS_KEY = ****'],
    [`{"SecretAccessKey":"${SECRET}"}`, '{"SecretAccessKey":"****"}'],
    [`{\\"secretAccessKey\\":\\"${SECRET}\\"}`, '{\\"secretAccessKey\\":\\"****\\"}'],
    [`AWS_SESSION_TOKEN=${SESSION} next`, 'AWS_SESSION_TOKEN=**** next'],
    [`aws_session_token: ${SESSION}`, 'aws_session_token: ****'],
    [`?X-Amz-Security-Token=${SESSION}&X-Amz-Date=1`, '?X-Amz-Security-Token=****&X-Amz-Date=1'],
    [`x-amz-security-token:${SESSION}`, 'x-amz-security-token:****'],
    [`&X-Amz-Signature=${SIGNATURE}`, '&X-Amz-Signature=****'],
  ])('masks the value after a secret name: %s', (input, masked) => {
    expect(maskSecretsInText(input)).toBe(masked);
  });

  it.each(SLACK_TOKENS)('masks the Slack token %s, keeping its kind', (token) => {
    const masked = maskSecretsInText(`token is ${token}!`);
    expect(masked).not.toContain(token);
    expect(masked).toMatch(/^token is (xox[a-z]|xapp)[-.]\*\*\*\*!$/);
  });

  it('leaves ordinary prose, JSON scalars and numbers alone', () => {
    const prose = 'Signature verification failed; the session token expired; {"sessionToken":null,"n":12}';
    expect(maskSecretsInText(prose)).toBe(prose);
  });

  it('is idempotent and never makes a text longer', () => {
    const text = `${KEY_ID} aws_secret_access_key=${SECRET} ${SLACK_TOKENS.join(' ')}`;
    const once = maskSecretsInText(text);
    expect(maskSecretsInText(once)).toBe(once);
    expect(once.length).toBeLessThan(text.length);
  });

  it('masks the shortest text of each shape (the length below which a text is passed unread)', () => {
    expect(SHORTEST_SECRET_SHAPE).toBe('xoxb-12345678'.length);
    expect(maskSecretsInText('xoxb-12345678')).toBe('xoxb-****');
    expect(maskSecretsInText('signature=abcd')).toBe('signature=****');
    expect(maskSecretsInText('AKIA0123456789AB')).toBe('AKIA…89AB');
    // One character short of a token: nothing to mask.
    expect(maskSecretsInText('xoxb-1234567')).toBe('xoxb-1234567');
  });

  it('is the same function card code calls by its old name', () => {
    expect(maskAccessKeysInText).toBe(maskSecretsInText);
  });

  it('masks secrets past the exact limit of a huge text too, without throwing', () => {
    const filler = 'a b '.repeat(MASK_EXACT_LIMIT / 2);
    const huge = `${filler}${KEY_ID} "${SLACK_TOKENS[0]}" aws_secret_access_key=${SECRET}`;
    const masked = maskSecretsInText(huge);
    expect(masked.startsWith(filler)).toBe(true);
    for (const canary of [KEY_ID, SLACK_TOKENS[0]!, SECRET]) expect(masked).not.toContain(canary);
  });

  it('keeps a huge JSON log line valid JSON while masking its tail conservatively', () => {
    const line = JSON.stringify({
      pad: 'x '.repeat(MASK_EXACT_LIMIT),
      at: 1740823260000,
      agent: `boto3 ${KEY_ID}\n\u001bAAAAAAAAAAAAAAAAAAA`,
    });
    const masked = maskSecretsInText(line);
    expect(masked).not.toContain(KEY_ID);
    const parsed = JSON.parse(masked) as { at: number };
    expect(parsed.at).toBe(1740823260000);
  });
});

describe('maskSecretsDeep', () => {
  it('masks nested strings and secret-named fields without changing the input', () => {
    const input = {
      actor: { accessKeyId: KEY_ID, userAgent: `cli aws_session_token=${SESSION}` },
      credentials: [{ SecretAccessKey: 'short', SessionToken: 'x' }],
      count: 3,
      raw: Buffer.from(KEY_ID),
    };
    const masked = maskSecretsDeep(input);
    expect(masked).toEqual({
      actor: { accessKeyId: 'AKIA…4Q2W', userAgent: 'cli aws_session_token=****' },
      credentials: [{ SecretAccessKey: '****', SessionToken: '****' }],
      count: 3,
      raw: input.raw,
    });
    expect(input.actor.accessKeyId).toBe(KEY_ID);
  });

  it('passes verbatim keys untouched', () => {
    const masked = maskSecretsDeep(
      { token: SLACK_TOKENS[0], text: SLACK_TOKENS[0] },
      { verbatim: (k) => k === 'token' },
    );
    expect(masked).toEqual({ token: SLACK_TOKENS[0], text: 'xoxb-****' });
  });

  it('replaces cycles and nesting past its depth bound instead of passing them on', () => {
    const cyclic: Record<string, unknown> = { text: KEY_ID };
    cyclic.self = cyclic;
    expect(maskSecretsDeep(cyclic)).toEqual({ text: 'AKIA…4Q2W', self: '[circular]' });

    let deep: unknown = KEY_ID;
    for (let i = 0; i < MASK_MAX_DEPTH + 5; i++) deep = { next: deep };
    expect(JSON.stringify(maskSecretsDeep(deep))).not.toContain(KEY_ID);
  });
});
