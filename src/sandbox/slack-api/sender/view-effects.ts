import { validateView } from '../block-kit/validate.js';
import type { IdFactory } from '../ids.js';
import type { SlackStore } from '../store/store.js';
import type { JsonObject, StoredView } from '../store/types.js';

export type ViewAckEffect =
  | { kind: 'closed' }
  | { kind: 'errors'; errors: Record<string, string> }
  | { kind: 'updated' | 'pushed'; viewId: string }
  | { kind: 'cleared' }
  | { kind: 'invalid_response'; messages: readonly string[] };

function asJson(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

/**
 * What Slack does with the app's ack to a view_submission: `response_action` errors / update /
 * push / clear, or (no response_action) close the submitted view.
 */
export function applyViewSubmissionAck(
  store: SlackStore,
  ids: IdFactory,
  view: StoredView,
  ack: unknown,
  hash: string,
): ViewAckEffect {
  const response = asJson(ack);
  const action = response?.response_action;
  const close = (v: StoredView) => store.saveView({ ...v, open: false }, 'view_closed');
  if (action === 'errors')
    return { kind: 'errors', errors: (asJson(response?.errors) ?? {}) as Record<string, string> };
  if (action === 'clear') {
    for (const v of store.openStack(view.rootViewId)) close(v);
    return { kind: 'cleared' };
  }
  if (action === 'update' || action === 'push') {
    const next = asJson(response?.view);
    const check = validateView(next, '/view');
    if (!next || !check.ok) return { kind: 'invalid_response', messages: check.messages };
    if (action === 'update') {
      store.saveView({ ...view, view: next, hash }, 'view_updated');
      return { kind: 'updated', viewId: view.id };
    }
    const id = ids.slackId('V');
    store.saveView(
      {
        id,
        userId: view.userId,
        view: next,
        hash,
        rootViewId: view.rootViewId,
        previousViewId: view.id,
        externalId: undefined,
        open: true,
        stateValues: {},
      },
      'view_opened',
    );
    return { kind: 'pushed', viewId: id };
  }
  close(view);
  return { kind: 'closed' };
}
