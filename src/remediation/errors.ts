import { ConflictError, ErrorCode, WatchkeeperError } from '../platform/errors.js';

/**
 * Typed errors of containment. Each says in plain words why nothing ran, for the modal or the
 * thread; none carries a secret (key ids are masked where they are named).
 */

/** The target is not there or already in the wanted state: nothing to contain. */
export class NothingToContainError extends WatchkeeperError {
  constructor(message: string) {
    super(ErrorCode.NotFound, message);
  }
}

/** Remediation, or this action, is off in config. */
export class RemediationDisabledError extends WatchkeeperError {
  constructor(what: string) {
    super(ErrorCode.PermissionDenied, `${what} is turned off in Watchkeeper's remediation config`, {
      userMessage: `${what} is turned off. A Watchkeeper admin can turn it on under \`remediation\` in the config (docs/remediation.md).`,
    });
  }
}

/** A second click, an approval after a rejection, a request that expired: the request moved on. */
export class RequestStateError extends ConflictError {}

/** Someone acting on a request in a way their part in it forbids (approving their own, confirming another's preview). */
export class NotYoursError extends WatchkeeperError {
  constructor(message: string) {
    super(ErrorCode.PermissionDenied, message);
  }
}
