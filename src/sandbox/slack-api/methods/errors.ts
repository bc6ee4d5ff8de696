/** A Slack platform error: answered as `{ok:false, error}` (HTTP 200 unless `status` says otherwise). */
export class SlackApiError extends Error {
  readonly error: string;
  readonly messages: readonly string[] | undefined;
  readonly status: number;
  constructor(error: string, options: { messages?: readonly string[]; status?: number } = {}) {
    super(error);
    this.name = 'SlackApiError';
    this.error = error;
    this.messages = options.messages;
    this.status = options.status ?? 200;
  }
}
