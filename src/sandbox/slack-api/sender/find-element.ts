type Json = Record<string, unknown>;

export interface FoundElement {
  blockId: string;
  element: Json;
}

function asJson(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** The interactive elements of one block: actions elements, a section accessory, an input element. */
function elementsOf(block: Json): Json[] {
  const list: unknown[] = [];
  if (Array.isArray(block.elements)) list.push(...block.elements);
  if (block.accessory !== undefined) list.push(block.accessory);
  if (block.element !== undefined) list.push(block.element);
  return list.map(asJson).filter((e): e is Json => e !== undefined);
}

/**
 * Finds the element a user clicks by action_id (and block_id if given). Slack fills in a
 * block_id when the app gave none; the stand-in uses the block's index the same way.
 */
export function findElement(blocks: unknown, actionId: string, blockId?: string): FoundElement | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const [index, raw] of blocks.entries()) {
    const block = asJson(raw);
    if (!block) continue;
    const id = typeof block.block_id === 'string' ? block.block_id : `block-${index}`;
    if (blockId !== undefined && id !== blockId) continue;
    const element = elementsOf(block).find((e) => e.action_id === actionId);
    if (element) return { blockId: id, element };
  }
  return undefined;
}

function optionsOf(element: Json): Json[] {
  const direct = Array.isArray(element.options) ? element.options : [];
  const grouped = Array.isArray(element.option_groups)
    ? element.option_groups.flatMap((g) => {
        const options = asJson(g)?.options;
        return Array.isArray(options) ? options : [];
      })
    : [];
  return [...direct, ...grouped].map(asJson).filter((o): o is Json => o !== undefined);
}

/** What the user chose, as a `block_actions` action object for this element type. */
export function actionFor(
  found: FoundElement,
  choice: { value?: string; values?: string[] },
  actionTs: string,
): Record<string, unknown> {
  const { element } = found;
  const type = String(element.type);
  const base = { type, action_id: element.action_id, block_id: found.blockId, action_ts: actionTs };
  const pick = (value: string | undefined): Json => {
    const option = optionsOf(element).find((o) => o.value === value);
    if (!option)
      throw new Error(`${type} ${String(element.action_id)} has no option with value ${String(value)}`);
    return option;
  };
  switch (type) {
    case 'button':
    case 'workflow_button':
      return {
        ...base,
        text: element.text,
        ...(element.value !== undefined ? { value: element.value } : {}),
        ...(element.style ? { style: element.style } : {}),
      };
    case 'static_select':
    case 'external_select':
    case 'overflow':
    case 'radio_buttons':
      return { ...base, selected_option: pick(choice.value) };
    case 'multi_static_select':
    case 'checkboxes':
      return { ...base, selected_options: (choice.values ?? []).map(pick) };
    case 'users_select':
      return { ...base, selected_user: choice.value };
    case 'conversations_select':
      return { ...base, selected_conversation: choice.value };
    case 'channels_select':
      return { ...base, selected_channel: choice.value };
    case 'datepicker':
      return { ...base, selected_date: choice.value };
    case 'timepicker':
      return { ...base, selected_time: choice.value };
    default:
      return { ...base, ...(choice.value !== undefined ? { value: choice.value } : {}) };
  }
}
