// The page's calls to the sandbox server. Every POST is JSON (the server refuses anything else).

/**
 * @typedef {{ ok: boolean, error?: string, reason?: string, [key: string]: unknown }} ApiAnswer
 */

/**
 * @param {string} path
 * @param {Record<string, unknown>} body
 * @returns {Promise<ApiAnswer>}
 */
export async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  /** @type {ApiAnswer} */
  let answer;
  try {
    answer = await response.json();
  } catch {
    answer = { ok: false, error: `http_${response.status}` };
  }
  return answer;
}

/** One user's view of the workspace; without a user, only what everyone sees. @param {string | undefined} userId */
export async function fetchState(userId) {
  const query = userId ? `?user=${encodeURIComponent(userId)}` : '';
  const response = await fetch(`/ui/state${query}`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`state request failed: HTTP ${response.status}`);
  return /** @type {Promise<import('./app.js').UiState>} */ (response.json());
}

/**
 * Follows the server's event stream; EventSource reconnects on its own after a drop.
 * @param {(name: string, data: Record<string, string>) => void} onEvent
 * @param {(live: boolean) => void} onStatus
 */
export function followEvents(onEvent, onStatus) {
  const source = new EventSource('/ui/events');
  const names = [
    'message',
    'message_changed',
    'message_deleted',
    'ephemeral',
    'view_opened',
    'view_updated',
    'view_closed',
    'file_shared',
  ];
  for (const name of names) {
    source.addEventListener(name, (event) => {
      /** @type {Record<string, string>} */
      let data = {};
      try {
        data = JSON.parse(/** @type {MessageEvent} */ (event).data);
      } catch {
        // A frame we cannot read still means something changed.
      }
      onEvent(name, data);
    });
  }
  source.addEventListener('open', () => onStatus(true));
  source.addEventListener('error', () => onStatus(false));
  return source;
}
