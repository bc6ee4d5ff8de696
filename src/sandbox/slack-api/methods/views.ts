import { LIMITS, validateView } from '../block-kit/validate.js';
import { viewJson } from '../slack-json.js';
import type { JsonObject, StoredView } from '../store/types.js';
import type { ArgReader } from './arg-reader.js';
import type { MethodContext, MethodSpec } from './context.js';
import { SlackApiError } from './errors.js';

/** A modal stack holds at most 3 views (docs.slack.dev/surfaces/modals). */
const MAX_STACK = 3;

function invalidArguments(message: string): SlackApiError {
  return new SlackApiError('invalid_arguments', { messages: [message] });
}

/** Parses and checks `view`: `invalid_arguments` with pointers, `view_too_large` above 250 kB. */
function readView(args: ArgReader): JsonObject {
  const view = args.json('view', 'invalid_arguments');
  if (view === undefined) throw invalidArguments('[ERROR] missing required field: view [json-pointer:/view]');
  if (Buffer.byteLength(JSON.stringify(view)) > LIMITS.viewBytes) throw new SlackApiError('view_too_large');
  const result = validateView(view);
  if (!result.ok) throw new SlackApiError('invalid_arguments', { messages: result.messages });
  return view as JsonObject;
}

function newHash(ctx: MethodContext): string {
  return `${Math.floor(ctx.nowMs() / 1000)}.${ctx.ids.hex(8)}`;
}

function createView(
  ctx: MethodContext,
  userId: string,
  view: JsonObject,
  previous: StoredView | undefined,
): StoredView {
  const id = ctx.ids.slackId('V');
  const stored: StoredView = {
    id,
    userId,
    view,
    hash: newHash(ctx),
    rootViewId: previous?.rootViewId ?? id,
    previousViewId: previous?.id ?? null,
    externalId: typeof view.external_id === 'string' ? view.external_id : undefined,
    open: true,
    stateValues: {},
  };
  if (
    stored.externalId &&
    [...ctx.store.views.values()].some((v) => v.externalId === stored.externalId && v.open)
  ) {
    throw new SlackApiError('duplicate_external_id');
  }
  ctx.store.saveView(stored, 'view_opened');
  return stored;
}

function requireTrigger(args: ArgReader): string {
  const trigger = args.string('trigger_id') ?? args.string('interactivity_pointer');
  if (trigger === undefined)
    throw invalidArguments('[ERROR] missing required field: trigger_id [json-pointer:/trigger_id]');
  return trigger;
}

const open: MethodSpec = {
  token: 'bot',
  handler: (args, ctx) => {
    const triggerId = requireTrigger(args);
    ctx.triggers.check(triggerId);
    const view = readView(args);
    const { userId } = ctx.triggers.consume(triggerId);
    // A user sees one modal at a time: a new views.open replaces any open stack.
    for (const old of ctx.store.openViewsOf(userId))
      ctx.store.saveView({ ...old, open: false }, 'view_closed');
    return { body: { view: viewJson(createView(ctx, userId, view, undefined), ctx.options) } };
  },
};

const push: MethodSpec = {
  token: 'bot',
  handler: (args, ctx) => {
    const triggerId = requireTrigger(args);
    const trigger = ctx.triggers.check(triggerId);
    const view = readView(args);
    const top = ctx.store.openViewsOf(trigger.userId).at(-1);
    if (top && ctx.store.openStack(top.rootViewId).length >= MAX_STACK)
      throw new SlackApiError('push_limit_reached');
    ctx.triggers.consume(triggerId);
    return { body: { view: viewJson(createView(ctx, trigger.userId, view, top), ctx.options) } };
  },
};

const update: MethodSpec = {
  token: 'bot',
  handler: (args, ctx) => {
    const viewId = args.string('view_id');
    const externalId = args.string('external_id');
    if (viewId === undefined && externalId === undefined) {
      throw invalidArguments('[ERROR] must provide view_id or external_id [json-pointer:/view_id]');
    }
    const stored = [...ctx.store.views.values()].find((v) =>
      viewId !== undefined ? v.id === viewId : v.externalId === externalId,
    );
    if (!stored) throw new SlackApiError('not_found');
    const hash = args.string('hash');
    if (hash !== undefined && hash !== stored.hash) throw new SlackApiError('hash_conflict');
    const view = readView(args);
    const updated: StoredView = {
      ...stored,
      view,
      hash: newHash(ctx),
      externalId: typeof view.external_id === 'string' ? view.external_id : stored.externalId,
    };
    ctx.store.saveView(updated, 'view_updated');
    return { body: { view: viewJson(updated, ctx.options) } };
  },
};

export const VIEW_METHODS: Record<string, MethodSpec> = {
  'views.open': open,
  'views.push': push,
  'views.update': update,
};
