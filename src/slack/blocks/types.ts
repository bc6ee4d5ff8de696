/**
 * The slice of Block Kit Watchkeeper builds, as plain JSON types. Only the builders in this
 * folder create these objects, so every instance already respects Slack's limits.
 */

export interface PlainText {
  readonly type: 'plain_text';
  readonly text: string;
  readonly emoji?: boolean;
}

export interface MrkdwnText {
  readonly type: 'mrkdwn';
  readonly text: string;
  /** true: Slack does not auto-link or parse mentions in the text; explicit `<...>` still works. */
  readonly verbatim?: boolean;
}

export type TextObject = PlainText | MrkdwnText;

export interface OptionObject {
  readonly text: TextObject;
  readonly value: string;
  readonly description?: PlainText;
}

export interface ConfirmDialog {
  readonly title: PlainText;
  readonly text: PlainText;
  readonly confirm: PlainText;
  readonly deny: PlainText;
  readonly style?: 'primary' | 'danger';
}

export interface ButtonElement {
  readonly type: 'button';
  readonly action_id: string;
  readonly text: PlainText;
  readonly value?: string;
  readonly url?: string;
  readonly style?: 'primary' | 'danger';
  readonly confirm?: ConfirmDialog;
}

export interface StaticSelectElement {
  readonly type: 'static_select';
  readonly action_id: string;
  readonly placeholder: PlainText;
  readonly options: readonly OptionObject[];
  readonly initial_option?: OptionObject;
}

export interface UsersSelectElement {
  readonly type: 'users_select';
  readonly action_id: string;
  readonly placeholder: PlainText;
  readonly initial_user?: string;
}

export interface CheckboxesElement {
  readonly type: 'checkboxes';
  readonly action_id: string;
  readonly options: readonly OptionObject[];
  readonly initial_options?: readonly OptionObject[];
}

export interface PlainTextInputElement {
  readonly type: 'plain_text_input';
  readonly action_id: string;
  readonly multiline?: boolean;
  readonly max_length?: number;
  readonly placeholder?: PlainText;
}

export type ActionElement = ButtonElement | StaticSelectElement | UsersSelectElement | CheckboxesElement;
export type InputElement =
  | StaticSelectElement
  | PlainTextInputElement
  | UsersSelectElement
  | CheckboxesElement;

export interface HeaderBlock {
  readonly type: 'header';
  readonly text: PlainText;
  readonly block_id?: string;
}

export interface SectionBlock {
  readonly type: 'section';
  readonly block_id?: string;
  readonly text?: TextObject;
  readonly fields?: readonly TextObject[];
  readonly accessory?: ActionElement;
}

export interface ContextBlock {
  readonly type: 'context';
  readonly block_id?: string;
  readonly elements: readonly TextObject[];
}

export interface ActionsBlock {
  readonly type: 'actions';
  readonly block_id?: string;
  readonly elements: readonly ActionElement[];
}

export interface DividerBlock {
  readonly type: 'divider';
  readonly block_id?: string;
}

export interface InputBlock {
  readonly type: 'input';
  readonly block_id: string;
  readonly label: PlainText;
  readonly element: InputElement;
  readonly optional?: boolean;
  readonly hint?: PlainText;
}

export type MessageBlock = HeaderBlock | SectionBlock | ContextBlock | ActionsBlock | DividerBlock;
export type ViewBlock = MessageBlock | InputBlock;

export interface ModalView {
  readonly type: 'modal';
  readonly callback_id: string;
  readonly title: PlainText;
  readonly submit?: PlainText;
  readonly close?: PlainText;
  readonly private_metadata?: string;
  readonly blocks: readonly ViewBlock[];
}

/** What a message builder returns: `text` is the notification/screen-reader fallback. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly MessageBlock[];
}
