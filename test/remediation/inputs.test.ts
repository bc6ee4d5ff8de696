import { describe, expect, it } from 'vitest';
import { parseContainChoice, parseReason, parseRequestButton } from '../../src/remediation/slack/inputs.js';

describe('what containment reads from Slack payloads', () => {
  it('takes a Contain… option only with a known action and an incident id', () => {
    expect(parseContainChoice('isolateInstance|INC-AB12')).toEqual({
      ok: true,
      value: { actionId: 'isolateInstance', incidentId: 'INC-AB12' },
    });
    expect(parseContainChoice('terminateInstance|INC-AB12')).toEqual({
      ok: false,
      message: 'That Contain… choice (actionId) is not a containment action Watchkeeper knows.',
    });
    expect(parseContainChoice('isolateInstance|<script>')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/incidentId.*INC-/),
    });
    expect(parseContainChoice(undefined)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not one Watchkeeper made/),
    });
  });

  it('takes a request id without ":" and with its round', () => {
    expect(parseRequestButton('INC-AB12.deactivateAccessKey.0123456789ab.2')).toMatchObject({ ok: true });
    expect(parseRequestButton('INC-AB12.deactivateAccessKey.0123456789ab')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not a containment request id/),
    });
    expect(parseRequestButton('wk:evil.1')).toMatchObject({ ok: false });
    expect(parseRequestButton(undefined)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/is missing/),
    });
  });

  it('takes a trimmed reason of 3 to 500 characters', () => {
    expect(parseReason('  Key on a threat list  ')).toEqual({ ok: true, value: 'Key on a threat list' });
    expect(parseReason(' a ')).toEqual({ ok: false, message: 'Say why in at least 3 characters.' });
    expect(parseReason('x'.repeat(501))).toEqual({
      ok: false,
      message: 'Keep the reason under 500 characters.',
    });
    expect(parseReason(null)).toMatchObject({ ok: false });
  });
});
