import { describe, expect, it } from 'vitest';
import { validateMessageBlocks, validateView } from '../../../../src/sandbox/slack-api/index.js';

const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const button = (actionId: string, extra: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: actionId,
  text: plain('Go'),
  ...extra,
});
const option = (value: string, text = value) => ({ text: plain(text), value });
const options = (n: number) => Array.from({ length: n }, (_, i) => option(`v${i}`));
const section = (extra: Record<string, unknown>) => ({ type: 'section', text: mrkdwn('hi'), ...extra });
const actions = (...elements: unknown[]) => ({ type: 'actions', elements });
const confirm = (extra: Record<string, unknown> = {}) => ({
  title: plain('Sure?'),
  text: mrkdwn('This pages the on-call.'),
  confirm: plain('Yes'),
  deny: plain('No'),
  ...extra,
});

/** A message that uses most of Block Kit within every limit: must pass. */
const VALID_MESSAGE = [
  { type: 'header', text: plain('x'.repeat(150)) },
  {
    type: 'section',
    block_id: 'summary',
    text: mrkdwn('x'.repeat(3000)),
    fields: Array.from({ length: 10 }, () => mrkdwn('y'.repeat(2000))),
  },
  section({
    accessory: {
      type: 'overflow',
      action_id: 'more',
      options: [{ ...option('a'), url: 'https://example.org' }, option('b')],
    },
  }),
  section({ accessory: { type: 'image', image_url: 'https://example.org/a.png', alt_text: 'graph' } }),
  { type: 'divider' },
  { type: 'image', image_url: 'https://example.org/b.png', alt_text: 'map', title: plain('Map') },
  actions(
    button('ack', { style: 'primary', value: 'v'.repeat(2000), confirm: confirm({ style: 'danger' }) }),
    button('open', { url: `https://example.org/${'p'.repeat(2900)}` }),
    { type: 'static_select', action_id: 'sev', placeholder: plain('Severity'), options: options(100) },
    {
      type: 'static_select',
      action_id: 'grouped',
      option_groups: [{ label: plain('High'), options: options(3) }],
    },
    { type: 'users_select', action_id: 'assignee', placeholder: plain('Assignee') },
    { type: 'checkboxes', action_id: 'steps', options: [{ text: mrkdwn('*step*'), value: 's1' }] },
    { type: 'datepicker', action_id: 'due', initial_date: '2024-03-05' },
  ),
  {
    type: 'context',
    elements: [mrkdwn('ctx'), { type: 'image', image_url: 'https://example.org/i.png', alt_text: 'i' }],
  },
  {
    type: 'rich_text',
    elements: [
      {
        type: 'rich_text_section',
        elements: [
          { type: 'text', text: 'hello ' },
          { type: 'user', user_id: 'U0ALICE01' },
        ],
      },
      {
        type: 'rich_text_list',
        style: 'bullet',
        elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'one' }] }],
      },
    ],
  },
  { type: 'markdown', text: '**bold**' },
];

const VALID_MODAL = {
  type: 'modal',
  callback_id: 'c'.repeat(255),
  private_metadata: 'm'.repeat(3000),
  title: plain('t'.repeat(24)),
  submit: plain('Submit'),
  close: plain('Cancel'),
  blocks: [
    {
      type: 'input',
      block_id: 'reason',
      label: plain('Reason'),
      element: { type: 'plain_text_input', action_id: 'text', multiline: true, max_length: 3000 },
    },
    {
      type: 'input',
      block_id: 'who',
      label: plain('Who'),
      optional: true,
      element: { type: 'multi_users_select', action_id: 'users' },
    },
    {
      type: 'input',
      block_id: 'num',
      label: plain('Count'),
      element: { type: 'number_input', action_id: 'n', is_decimal_allowed: false },
    },
    section({}),
  ],
};

describe('validateMessageBlocks', () => {
  it('accepts a message that uses each block type within its limits', () => {
    const result = validateMessageBlocks(VALID_MESSAGE);
    expect(result.messages).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it.each<[string, unknown[], string]>([
    // counts
    [
      'more than 50 blocks',
      Array.from({ length: 51 }, () => ({ type: 'divider' })),
      '[ERROR] no more than 50 items allowed [json-pointer:/blocks]',
    ],
    // structure
    ['a block that is not an object', ['divider'], '[ERROR] must be an object [json-pointer:/blocks/0]'],
    [
      'a block without type',
      [{ text: mrkdwn('x') }],
      '[ERROR] missing required field: type [json-pointer:/blocks/0]',
    ],
    [
      'an unknown block type',
      [{ type: 'carousel' }],
      '[ERROR] unsupported type: carousel [json-pointer:/blocks/0/type]',
    ],
    [
      'an unknown property',
      [{ type: 'divider', colour: 'red' }],
      '[ERROR] invalid additional property: colour [json-pointer:/blocks/0]',
    ],
    // section
    [
      'section text over 3000',
      [section({ text: mrkdwn('x'.repeat(3001)) })],
      '[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ],
    [
      'empty section text',
      [section({ text: mrkdwn('') })],
      '[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text]',
    ],
    [
      'section with neither text nor fields',
      [{ type: 'section' }],
      '[ERROR] must provide either text or fields [json-pointer:/blocks/0]',
    ],
    [
      '11 section fields',
      [section({ fields: Array.from({ length: 11 }, () => mrkdwn('f')) })],
      '[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/fields]',
    ],
    [
      'a section field over 2000',
      [section({ fields: [mrkdwn('f'.repeat(2001))] })],
      '[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/fields/0/text]',
    ],
    [
      'a text object of unknown type',
      [section({ text: { type: 'html', text: 'x' } })],
      '[ERROR] must be one of: plain_text, mrkdwn [json-pointer:/blocks/0/text/type]',
    ],
    [
      'plain_text with verbatim',
      [{ type: 'header', text: { ...plain('x'), verbatim: true } }],
      '[ERROR] invalid additional property: verbatim [json-pointer:/blocks/0/text]',
    ],
    // header
    [
      'a mrkdwn header',
      [{ type: 'header', text: mrkdwn('x') }],
      '[ERROR] must be one of: plain_text [json-pointer:/blocks/0/text/type]',
    ],
    [
      'a header over 150',
      [{ type: 'header', text: plain('x'.repeat(151)) }],
      '[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]',
    ],
    // ids
    [
      'a block_id over 255',
      [{ type: 'divider', block_id: 'b'.repeat(256) }],
      '[ERROR] must be less than 256 characters [json-pointer:/blocks/0/block_id]',
    ],
    [
      'a repeated block_id',
      [
        { type: 'divider', block_id: 'x' },
        { type: 'divider', block_id: 'x' },
      ],
      '[ERROR] duplicate block_id: x [json-pointer:/blocks/1/block_id]',
    ],
    [
      'a repeated action_id in one block',
      [actions(button('a'), button('a'))],
      '[ERROR] duplicate action_id: a [json-pointer:/blocks/0/elements/1/action_id]',
    ],
    [
      'an action_id over 255',
      [actions(button('a'.repeat(256)))],
      '[ERROR] must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]',
    ],
    // actions / context
    [
      '26 actions elements',
      [actions(...Array.from({ length: 26 }, (_, i) => button(`b${i}`)))],
      '[ERROR] no more than 25 items allowed [json-pointer:/blocks/0/elements]',
    ],
    [
      'an empty actions block',
      [actions()],
      '[ERROR] must provide at least 1 item [json-pointer:/blocks/0/elements]',
    ],
    [
      'a text input in an actions block',
      [actions({ type: 'plain_text_input', action_id: 'x' })],
      '[ERROR] plain_text_input elements are not allowed in actions blocks [json-pointer:/blocks/0/elements/0/type]',
    ],
    [
      '11 context elements',
      [{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('c')) }],
      '[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/elements]',
    ],
    // buttons
    [
      'button text over 75',
      [actions(button('a', { text: plain('x'.repeat(76)) }))],
      '[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]',
    ],
    [
      'a mrkdwn button text',
      [actions(button('a', { text: mrkdwn('x') }))],
      '[ERROR] must be one of: plain_text [json-pointer:/blocks/0/elements/0/text/type]',
    ],
    [
      'a button without text',
      [actions({ type: 'button', action_id: 'a' })],
      '[ERROR] missing required field: text [json-pointer:/blocks/0/elements/0]',
    ],
    [
      'button value over 2000',
      [actions(button('a', { value: 'v'.repeat(2001) }))],
      '[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]',
    ],
    [
      'button url over 3000',
      [actions(button('a', { url: `https://x.org/${'u'.repeat(3000)}` }))],
      '[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/elements/0/url]',
    ],
    [
      'a bad button style',
      [actions(button('a', { style: 'warning' }))],
      '[ERROR] must be one of: primary, danger [json-pointer:/blocks/0/elements/0/style]',
    ],
    // options
    [
      'option text over 75',
      [actions({ type: 'static_select', action_id: 's', options: [option('v', 'x'.repeat(76))] })],
      '[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/options/0/text/text]',
    ],
    [
      'option value over 75',
      [actions({ type: 'static_select', action_id: 's', options: [option('v'.repeat(76))] })],
      '[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/options/0/value]',
    ],
    [
      'a mrkdwn select option',
      [actions({ type: 'static_select', action_id: 's', options: [{ text: mrkdwn('x'), value: 'v' }] })],
      '[ERROR] must be one of: plain_text [json-pointer:/blocks/0/elements/0/options/0/text/type]',
    ],
    [
      '101 select options',
      [actions({ type: 'static_select', action_id: 's', options: options(101) })],
      '[ERROR] no more than 100 items allowed [json-pointer:/blocks/0/elements/0/options]',
    ],
    [
      'a select with both options and groups',
      [actions({ type: 'static_select', action_id: 's', options: options(1), option_groups: [] })],
      '[ERROR] must provide options or option_groups, not both [json-pointer:/blocks/0/elements/0]',
    ],
    [
      '11 checkbox options',
      [actions({ type: 'checkboxes', action_id: 'c', options: options(11) })],
      '[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/elements/0/options]',
    ],
    [
      'an overflow with 1 option',
      [actions({ type: 'overflow', action_id: 'o', options: options(1) })],
      '[ERROR] must provide at least 2 items [json-pointer:/blocks/0/elements/0/options]',
    ],
    [
      'an overflow with 6 options',
      [actions({ type: 'overflow', action_id: 'o', options: options(6) })],
      '[ERROR] no more than 5 items allowed [json-pointer:/blocks/0/elements/0/options]',
    ],
    // confirm dialogs
    [
      'a confirm title over 100',
      [actions(button('a', { confirm: confirm({ title: plain('t'.repeat(101)) }) }))],
      '[ERROR] must be less than 101 characters [json-pointer:/blocks/0/elements/0/confirm/title/text]',
    ],
    [
      'a confirm text over 300',
      [actions(button('a', { confirm: confirm({ text: mrkdwn('t'.repeat(301)) }) }))],
      '[ERROR] must be less than 301 characters [json-pointer:/blocks/0/elements/0/confirm/text/text]',
    ],
    [
      'a confirm button over 30',
      [actions(button('a', { confirm: confirm({ confirm: plain('c'.repeat(31)) }) }))],
      '[ERROR] must be less than 31 characters [json-pointer:/blocks/0/elements/0/confirm/confirm/text]',
    ],
    [
      'a confirm without deny',
      [actions(button('a', { confirm: { ...confirm(), deny: undefined } }))],
      '[ERROR] missing required field: deny [json-pointer:/blocks/0/elements/0/confirm]',
    ],
    // image
    [
      'an image without alt_text',
      [{ type: 'image', image_url: 'https://example.org/a.png' }],
      '[ERROR] missing required field: alt_text [json-pointer:/blocks/0]',
    ],
    [
      'an image without image_url',
      [{ type: 'image', alt_text: 'a' }],
      '[ERROR] must provide either image_url or slack_file [json-pointer:/blocks/0]',
    ],
    // surfaces
    [
      'an input block in a message',
      [{ type: 'input', label: plain('l'), element: { type: 'plain_text_input', action_id: 't' } }],
      '[ERROR] input blocks are only allowed in modals and Home tabs [json-pointer:/blocks/0/type]',
    ],
    [
      'a date in the wrong format',
      [actions({ type: 'datepicker', action_id: 'd', initial_date: '05/03/2024' })],
      '[ERROR] must be formatted as YYYY-MM-DD [json-pointer:/blocks/0/elements/0/initial_date]',
    ],
  ])('rejects %s', (_name, blocks, message) => {
    const result = validateMessageBlocks(blocks);
    expect(result.ok).toBe(false);
    expect(result.messages).toContain(message);
  });

  it('reports every broken rule, not just the first', () => {
    const result = validateMessageBlocks([
      { type: 'header', text: plain('x'.repeat(151)) },
      { type: 'carousel' },
    ]);
    expect(result.issues).toHaveLength(2);
  });

  it('rejects a value that is not an array', () => {
    expect(validateMessageBlocks({ type: 'divider' }).messages).toEqual([
      '[ERROR] must be an array [json-pointer:/blocks]',
    ]);
  });
});

describe('validateView', () => {
  it('accepts a modal at its limits', () => {
    expect(validateView(VALID_MODAL).messages).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'a title over 24',
      { title: plain('t'.repeat(25)) },
      '[ERROR] must be less than 25 characters [json-pointer:/view/title/text]',
    ],
    [
      'a submit over 24',
      { submit: plain('s'.repeat(25)) },
      '[ERROR] must be less than 25 characters [json-pointer:/view/submit/text]',
    ],
    [
      'a close over 24',
      { close: plain('c'.repeat(25)) },
      '[ERROR] must be less than 25 characters [json-pointer:/view/close/text]',
    ],
    [
      'a mrkdwn title',
      { title: mrkdwn('t') },
      '[ERROR] must be one of: plain_text [json-pointer:/view/title/type]',
    ],
    [
      'a callback_id over 255',
      { callback_id: 'c'.repeat(256) },
      '[ERROR] must be less than 256 characters [json-pointer:/view/callback_id]',
    ],
    [
      'private_metadata over 3000',
      { private_metadata: 'm'.repeat(3001) },
      '[ERROR] must be less than 3001 characters [json-pointer:/view/private_metadata]',
    ],
    [
      'more than 100 blocks',
      { blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) },
      '[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]',
    ],
    [
      'input blocks without submit',
      { submit: undefined },
      '[ERROR] must provide submit when the view contains input blocks [json-pointer:/view]',
    ],
    ['a missing title', { title: undefined }, '[ERROR] missing required field: title [json-pointer:/view]'],
    [
      'an unknown view type',
      { type: 'popup' },
      '[ERROR] must be one of: modal, home [json-pointer:/view/type]',
    ],
    [
      'an input without element',
      { blocks: [{ type: 'input', label: plain('l') }], submit: plain('OK') },
      '[ERROR] missing required field: element [json-pointer:/view/blocks/0]',
    ],
    [
      'a markdown block in a modal',
      { blocks: [{ type: 'markdown', text: 'x' }] },
      '[ERROR] markdown blocks are only allowed in messages [json-pointer:/view/blocks/0/type]',
    ],
    [
      'a text input over 3000',
      {
        blocks: [
          {
            type: 'input',
            label: plain('l'),
            element: { type: 'plain_text_input', action_id: 't', max_length: 3001 },
          },
        ],
      },
      '[ERROR] must be at most 3000 [json-pointer:/view/blocks/0/element/max_length]',
    ],
  ])('rejects %s', (_name, change, message) => {
    const view = Object.fromEntries(
      Object.entries({ ...VALID_MODAL, ...change }).filter(([, v]) => v !== undefined),
    );
    const result = validateView(view);
    expect(result.messages).toContain(message);
  });
});
