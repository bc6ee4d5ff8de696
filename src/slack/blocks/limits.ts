/**
 * Block Kit limits the builders enforce, from Slack's docs and the JSDoc of @slack/types
 * (see shared reference "Block Kit limits"). Lengths are counted in UTF-16 code units, the way
 * JavaScript and Slack's validator count them, so a builder that fits `.length` always fits.
 */
export const BLOCK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  blockId: 255,
  actionId: 255,
  sectionText: 3000,
  sectionFields: 10,
  sectionField: 2000,
  headerText: 150,
  actionsElements: 25,
  contextElements: 10,
  /** A context element's text object; Slack does not document a lower number than a section's. */
  contextText: 3000,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  optionText: 75,
  optionValue: 75,
  optionDescription: 75,
  selectOptions: 100,
  checkboxOptions: 10,
  placeholder: 150,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  inputLabel: 2000,
  inputHint: 2000,
  plainTextInputLength: 3000,
  viewTitle: 24,
  viewSubmit: 24,
  viewClose: 24,
  callbackId: 255,
  privateMetadata: 3000,
  /** Slack truncates a message's top-level `text` above 40,000; screen readers read it, so keep it short. */
  messageText: 4000,
} as const;

/**
 * Not a documented limit: Slack answers `msg_blocks_too_long` at about 13.2k characters of text
 * across a message's blocks even when every per-block limit holds (bolt-js#2509). Cards stay below.
 */
export const MESSAGE_TEXT_BUDGET = 11_000;
