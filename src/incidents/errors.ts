import { ConflictError } from '../platform/errors.js';

/** Lost the acknowledge race: says who won and when, so the loser's Slack answer can too. */
export class AlreadyAcknowledgedError extends ConflictError {
  readonly incidentId: string;
  readonly by: string;
  readonly at: string;
  constructor(incidentId: string, by: string, at: string) {
    super(`${incidentId} was already acknowledged by <@${by}> at ${at.slice(0, 16).replace('T', ' ')} UTC`);
    this.incidentId = incidentId;
    this.by = by;
    this.at = at;
  }
}

/** The incident is resolved: nothing but a new alert (reopen) changes it now. */
export class IncidentResolvedError extends ConflictError {
  constructor(incidentId: string, by: string | undefined, at: string | undefined) {
    super(
      `${incidentId} is already resolved${by ? ` by ${by === 'watchkeeper' ? 'Watchkeeper' : `<@${by}>`}` : ''}${at ? ` at ${at.slice(0, 16).replace('T', ' ')} UTC` : ''}`,
    );
  }
}
