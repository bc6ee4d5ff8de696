// The sandbox page: follows the server's event stream, redraws from /ui/state, and turns clicks,
// choices, modal submits and typed slash commands into calls the server signs and sends to the bot.
import { fetchState, followEvents, post } from './api.js';
import { asObject, asString, h, replaceChildren } from './dom.js';
import { timeline } from './messages.js';
import { ModalLayer } from './modal.js';
import { plainText } from './text.js';

/**
 * @typedef {{ ts: string, user: string, isBot: boolean, text: string, blocks?: unknown[], attachments?: unknown[],
 *   files: string[], edited: boolean, threadTs?: string, replyCount: number }} UiMessage
 * @typedef {{
 *   sampleData: true,
 *   team: { id: string, name: string },
 *   bot: { id: string, name: string },
 *   users: Array<{ id: string, name: string, realName: string }>,
 *   userGroups: Array<{ id: string, handle: string }>,
 *   channels: Array<{ id: string, name: string, isIm: boolean, isPrivate: boolean, messages: UiMessage[], threads: Record<string, UiMessage[]> }>,
 *   ephemerals: Array<{ channel: string, ts: string, text: string, blocks?: unknown[], threadTs?: string }>,
 *   views: Array<{ id: string, hash: string, rootViewId: string, view: Record<string, unknown> }>,
 *   files: Record<string, { id: string, name: string, title: string, url: string, isImage: boolean, altText?: string }>,
 * }} UiState
 */

const USER_KEY = 'watchkeeper-sandbox-user';

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const el = {
  team: byId('team-name'),
  users: /** @type {HTMLSelectElement} */ (byId('user-select')),
  channels: byId('channel-list'),
  title: byId('channel-title'),
  timeline: byId('timeline'),
  composer: /** @type {HTMLFormElement} */ (byId('composer')),
  input: /** @type {HTMLInputElement} */ (byId('composer-input')),
  note: byId('composer-note'),
  error: byId('composer-error'),
  status: byId('live-status'),
  toasts: byId('toasts'),
  confirm: byId('confirm-root'),
};

/** @type {{ state?: UiState, userId?: string, channelId?: string }} */
const app = {
  userId: localStorage.getItem(USER_KEY) ?? undefined,
  channelId: location.hash.slice(1) || undefined,
};
/** Threads the user opened and ephemerals they dismissed (page-only, as in Slack). */
const openThreads = new Set();
const dismissed = new Set();

/** @param {string} text @param {'info' | 'error'} [kind] */
function toast(text, kind = 'info') {
  const node = h('div', { className: `toast ${kind}` }, text);
  el.toasts.appendChild(node);
  setTimeout(() => node.remove(), 6000);
}

/**
 * Slack's confirmation dialog on a button or menu option: the click goes out only on "confirm".
 * @param {unknown} raw @param {() => void} then
 */
function confirmFirst(raw, then) {
  const dialog = asObject(raw);
  if (!dialog) return then();
  const close = () => {
    el.confirm.hidden = true;
    replaceChildren(el.confirm);
  };
  const danger = dialog.style === 'danger' ? ' btn-danger' : ' btn-primary';
  replaceChildren(
    el.confirm,
    h(
      'div',
      { className: 'confirm', attrs: { role: 'alertdialog' } },
      h('h2', {}, plainText(dialog.title) || 'Are you sure?'),
      h('div', {}, plainText(dialog.text)),
      h(
        'div',
        { className: 'confirm-buttons' },
        h(
          'button',
          { className: 'btn', attrs: { type: 'button' }, on: { click: close } },
          plainText(dialog.deny) || 'Cancel',
        ),
        h(
          'button',
          {
            className: `btn${danger}`,
            attrs: { type: 'button' },
            data: { role: 'confirm' },
            on: {
              click: () => {
                close();
                then();
              },
            },
          },
          plainText(dialog.confirm) || 'Yes',
        ),
      ),
    ),
  );
  el.confirm.hidden = false;
}

/**
 * Sends a click or choice; tells the user when the app did not answer, as Slack does.
 * @param {{ channelId: string, messageTs: string } | { viewId: string }} target
 * @param {import('./elements.js').Choice & { value?: string | null }} choice
 * @param {unknown} confirm
 */
function sendAction(target, choice, confirm) {
  confirmFirst(confirm, async () => {
    const body = {
      userId: app.userId,
      ...target,
      actionId: choice.actionId,
      blockId: choice.blockId,
      ...(typeof choice.value === 'string' ? { value: choice.value } : {}),
      ...(Array.isArray(choice.values) ? { values: choice.values } : {}),
    };
    const answer = await post('/ui/action', body);
    if (!answer.ok) toast(`That did not work: ${answer.reason ?? answer.error}`, 'error');
    else if (!answer.acked) toast(`The app did not answer this click (HTTP ${answer.status}).`, 'error');
  });
}

const names = {
  /** @param {string} id */
  userName: (id) => {
    const state = app.state;
    if (state?.bot.id === id) return state.bot.name;
    return state?.users.find((u) => u.id === id)?.realName ?? id;
  },
  /** @param {string} id */
  channelName: (id) => app.state?.channels.find((c) => c.id === id)?.name ?? id,
  /** @param {string} id */
  groupHandle: (id) => app.state?.userGroups.find((g) => g.id === id)?.handle ?? id,
};

/** Base render context: names, people and channels for selects, file links. */
function baseContext() {
  const state = /** @type {UiState} */ (app.state);
  return {
    names,
    users: state.users,
    channels: state.channels,
    /** @param {unknown} ref */
    fileUrl: (ref) => {
      const file = asObject(ref);
      const id = asString(file?.id) ?? /\/files\/(F[A-Z0-9]+)/.exec(asString(file?.url) ?? '')?.[1];
      return id ? `/ui/files/${encodeURIComponent(id)}` : undefined;
    },
  };
}

const modal = new ModalLayer(byId('modal-root'), {
  get context() {
    return baseContext();
  },
  act: (viewId, choice, confirm) => sendAction({ viewId }, choice, confirm),
  async submit(viewId, values) {
    const answer = await post('/ui/view-submit', { userId: app.userId, viewId, values });
    if (!answer.ok) {
      toast(`Submit failed: ${answer.reason ?? answer.error}`, 'error');
      return undefined;
    }
    const effect = asObject(answer.effect);
    if (effect?.kind === 'errors') return /** @type {Record<string, string>} */ (effect.errors);
    if (effect?.kind === 'invalid_response')
      toast('The app answered the submit with an invalid view.', 'error');
    if (answer.acked === false) toast('The app did not answer the submit.', 'error');
    return undefined;
  },
  async close(viewId) {
    const answer = await post('/ui/view-close', { userId: app.userId, viewId });
    if (!answer.ok) toast(`Close failed: ${answer.reason ?? answer.error}`, 'error');
  },
});

function renderSidebar() {
  const state = /** @type {UiState} */ (app.state);
  el.team.textContent = `${state.team.name} (sample)`;
  const wanted = state.users.map((u) => `${u.id}:${u.realName}`).join('|');
  if (el.users.dataset.users !== wanted) {
    replaceChildren(
      el.users,
      state.users.map((u) => h('option', { attrs: { value: u.id } }, u.realName)),
    );
    el.users.dataset.users = wanted;
  }
  el.users.value = app.userId ?? '';
  replaceChildren(
    el.channels,
    state.channels.map((c) =>
      h(
        'li',
        {},
        h(
          'a',
          {
            attrs: { href: `#${c.id}`, 'aria-current': String(c.id === app.channelId) },
            data: { channelId: c.id },
          },
          c.isIm ? `💬 ${c.name}` : `# ${c.name}`,
        ),
      ),
    ),
  );
}

/** The nodes of the last render, by message identity, for the next render to reuse. */
let lastNodes = new Map();

function renderChannel() {
  const state = /** @type {UiState} */ (app.state);
  const channel = state.channels.find((c) => c.id === app.channelId);
  if (!channel) return;
  el.title.textContent = channel.isIm ? channel.name : `#${channel.name}`;
  const atBottom = el.timeline.scrollHeight - el.timeline.scrollTop - el.timeline.clientHeight < 40;
  const scrollTop = el.timeline.scrollTop;
  /** @type {import('./messages.js').NodeReuse} */
  const reuse = { previous: lastNodes, next: new Map(), viewer: app.userId };
  replaceChildren(
    el.timeline,
    timeline(channel, {
      state,
      context: baseContext(),
      act: (target, choice, confirm) => sendAction(target, choice, confirm),
      openThreads,
      toggleThread: (ts) => {
        if (openThreads.has(ts)) openThreads.delete(ts);
        else openThreads.add(ts);
        renderChannel();
      },
      dismissed,
      dismiss: (ts) => {
        dismissed.add(ts);
        renderChannel();
      },
      reuse,
    }),
  );
  lastNodes = reuse.next;
  el.timeline.scrollTop = atBottom ? el.timeline.scrollHeight : scrollTop;
}

function render() {
  const state = app.state;
  if (!state) return;
  if (!state.users.some((u) => u.id === app.userId)) app.userId = state.users[0]?.id;
  if (!state.channels.some((c) => c.id === app.channelId))
    app.channelId = state.channels.find((c) => !c.isIm)?.id;
  renderSidebar();
  renderChannel();
  const user = state.users.find((u) => u.id === app.userId);
  el.note.textContent = user
    ? `Acting as ${user.realName}. Commands go to the app exactly as Slack would send them.`
    : '';
  modal.show(state.views.at(-1));
  document.body.dataset.ready = 'true';
}

/** Refreshes are serialized: a change during a fetch triggers one more fetch, not a pile-up. */
let refreshing = false;
let again = false;
async function refresh() {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = true;
  try {
    do {
      again = false;
      app.state = await fetchState(app.userId);
      // The first visit learns who exists and acts as the first person listed.
      if (!app.state.users.some((u) => u.id === app.userId) && app.state.users[0]) {
        app.userId = app.state.users[0].id;
        app.state = await fetchState(app.userId);
      }
      render();
    } while (again);
  } catch (error) {
    toast(`Could not load the workspace: ${error instanceof Error ? error.message : String(error)}`, 'error');
  } finally {
    refreshing = false;
  }
}

el.users.addEventListener('change', () => {
  app.userId = el.users.value;
  localStorage.setItem(USER_KEY, app.userId);
  dismissed.clear();
  void refresh();
});

window.addEventListener('hashchange', () => {
  app.channelId = location.hash.slice(1) || undefined;
  render();
});

el.composer.addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = el.input.value.trim();
  el.error.textContent = '';
  if (!text) return;
  if (!text.startsWith('/')) {
    el.error.textContent = 'Only slash commands reach the app in the sandbox. Try /watchkeeper help';
    return;
  }
  el.input.disabled = true;
  try {
    const answer = await post('/ui/command', { userId: app.userId, channelId: app.channelId, text });
    if (answer.ok) el.input.value = '';
    else el.error.textContent = String(answer.reason ?? answer.error);
  } finally {
    el.input.disabled = false;
    el.input.focus();
  }
});

followEvents(
  () => void refresh(),
  (live) => {
    el.status.textContent = live ? 'live' : 'reconnecting…';
    el.status.className = `live-status ${live ? 'live' : 'down'}`;
    // After a drop, catch up on whatever changed while the stream was down.
    if (live) void refresh();
  },
);
void refresh();
