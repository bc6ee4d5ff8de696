import { describe, expect, it } from 'vitest';
import { buildViewState, REQUIRED_MESSAGE } from '../../../src/sandbox/web/view-state.js';

const option = (text: string, value: string) => ({ text: { type: 'plain_text', text }, value });
const input = (
  blockId: string | undefined,
  element: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => ({
  type: 'input',
  ...(blockId ? { block_id: blockId } : {}),
  label: { type: 'plain_text', text: 'label' },
  element,
  ...extra,
});

describe('buildViewState', () => {
  it('writes each element type in the shape Slack puts in state.values', () => {
    const view = {
      blocks: [
        input('a', { type: 'checkboxes', action_id: 'c', options: [option('One', '1'), option('Two', '2')] }),
        input('b', { type: 'users_select', action_id: 'u' }),
        input('c', { type: 'multi_users_select', action_id: 'mu' }),
        input('d', { type: 'datepicker', action_id: 'd' }),
        input('e', { type: 'radio_buttons', action_id: 'r', options: [option('Yes', 'y')] }),
      ],
    };
    const result = buildViewState(view, {
      a: { c: { values: ['2'] } },
      b: { u: { value: 'U0B' } },
      c: { mu: { values: ['U0A', 'U0C'] } },
      d: { d: { value: '2024-03-05' } },
      e: { r: { value: 'y' } },
    });
    expect(result).toEqual({
      ok: true,
      values: {
        a: { c: { type: 'checkboxes', selected_options: [option('Two', '2')] } },
        b: { u: { type: 'users_select', selected_user: 'U0B' } },
        c: { mu: { type: 'multi_users_select', selected_users: ['U0A', 'U0C'] } },
        d: { d: { type: 'datepicker', selected_date: '2024-03-05' } },
        e: { r: { type: 'radio_buttons', selected_option: option('Yes', 'y') } },
      },
    });
  });

  it('names blocks without a block_id by their index, as the stand-in does', () => {
    const view = {
      blocks: [{ type: 'divider' }, input(undefined, { type: 'plain_text_input', action_id: 't' })],
    };
    expect(buildViewState(view, { 'block-1': { t: { value: 'hi' } } })).toEqual({
      ok: true,
      values: { 'block-1': { t: { type: 'plain_text_input', value: 'hi' } } },
    });
  });

  it('reports every empty required input, and lets optional ones through as null', () => {
    const view = {
      blocks: [
        input('need', { type: 'plain_text_input', action_id: 't' }),
        input('pick', { type: 'static_select', action_id: 's', options: [option('A', 'a')] }),
        input('maybe', { type: 'plain_text_input', action_id: 'm' }, { optional: true }),
      ],
    };
    expect(buildViewState(view, { need: { t: { value: '' } } })).toEqual({
      ok: false,
      errors: { need: REQUIRED_MESSAGE, pick: REQUIRED_MESSAGE },
    });
    const filled = buildViewState(view, { need: { t: { value: 'x' } }, pick: { s: { value: 'a' } } });
    expect(filled.ok && filled.values.maybe).toEqual({ m: { type: 'plain_text_input', value: null } });
  });

  it('checks text length limits before the bot sees them', () => {
    const view = { blocks: [input('t', { type: 'plain_text_input', action_id: 't', min_length: 5 })] };
    expect(buildViewState(view, { t: { t: { value: 'abc' } } })).toEqual({
      ok: false,
      errors: { t: 'Please enter at least 5 characters.' },
    });
  });

  it('refuses options the element does not offer', () => {
    const view = {
      blocks: [input('s', { type: 'multi_static_select', action_id: 'm', options: [option('A', 'a')] })],
    };
    expect(buildViewState(view, { s: { m: { values: ['a', 'z'] } } })).toEqual({
      ok: false,
      invalid: 's.m: multi_static_select has no option with value "z"',
    });
  });

  it('keeps stateful elements of actions blocks the page set, and skips buttons', () => {
    const view = {
      blocks: [
        {
          type: 'actions',
          block_id: 'row',
          elements: [
            { type: 'button', action_id: 'go', text: { type: 'plain_text', text: 'Go' } },
            { type: 'static_select', action_id: 'sev', options: [option('High', 'high')] },
          ],
        },
      ],
    };
    expect(buildViewState(view, { row: { go: { value: 'x' }, sev: { value: 'high' } } })).toEqual({
      ok: true,
      values: { row: { sev: { type: 'static_select', selected_option: option('High', 'high') } } },
    });
  });
});
