export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/** What Slack sends over Socket Mode for each delivery. */
export interface Envelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

export interface SocketAck {
  acked: boolean;
  /** The `payload` of the app's `{envelope_id, payload}` answer, when it sent one. */
  payload: unknown;
  elapsedMs: number;
}

export function helloMessage(appId: string, connections: number): string {
  return JSON.stringify({
    type: 'hello',
    num_connections: connections,
    debug_info: { host: 'applink-standin', build_number: 1, approximate_connection_time: 3600 },
    connection_info: { app_id: appId },
  });
}

export function disconnectMessage(reason: 'warning' | 'refresh_requested' | 'link_disabled'): string {
  return JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-standin' } });
}
