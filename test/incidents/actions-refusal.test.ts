import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionPhrase, refusal } from '../../src/incidents/actions.js';
import { toUserMessage } from '../../src/platform/errors.js';
import { BYSTANDER, type Harness, RESPONDER, startHarness } from '../support/harness.js';

/** How a refused action is named to the person refused: in words, never its audit name. */
describe('a refusal names the action in words', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({});
  });
  afterAll(async () => {
    await h.stop();
  });

  it('a refused runbook checkbox says "tick runbook steps", not "step.check"', async () => {
    const refused = await refusal(h.bot.ctx, BYSTANDER, 'responder', 'step.check', 'INC-STEP1');
    expect(refused).toBeDefined();
    const text = toUserMessage(refused);
    expect(text).toMatch(/^You can't tick runbook steps: it needs the \*responder\* role\./);
    expect(text).not.toContain('step.check');
  });

  it('lets a responder through without a refusal', async () => {
    expect(await refusal(h.bot.ctx, RESPONDER, 'responder', 'step.check', 'INC-STEP1')).toBeUndefined();
  });

  it.each([
    ['acknowledge', 'acknowledge incidents'],
    ['assign', 'assign incidents'],
    ['mute', 'mute similar alerts'],
    ['access-review.revoke', 'revoke access in an access review'],
    ['access-review.campaign.start', 'start an access-review campaign'],
    // An action without a phrase yet still reads as words, never as its dotted audit name.
    ['runbook.step-skip', 'runbook step skip'],
  ])('%s is shown as "%s"', (action, phrase) => {
    expect(actionPhrase(action)).toBe(phrase);
  });
});
