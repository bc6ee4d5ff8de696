import type { IdFactory } from './ids.js';
import { SlackApiError } from './methods/errors.js';

/** How long a trigger_id can be exchanged for a modal (docs: "within 3 seconds"). */
export const TRIGGER_TTL_MS = 3000;

interface Trigger {
  userId: string;
  issuedAt: number;
  used: boolean;
}

/**
 * trigger_ids the stand-in handed out with interactions. Each opens one modal, within 3 s;
 * anything else gets the error Slack answers.
 */
export class TriggerRegistry {
  private readonly triggers = new Map<string, Trigger>();

  constructor(
    private readonly ids: IdFactory,
    private readonly nowMs: () => number,
  ) {}

  issue(userId: string): string {
    const id = this.ids.triggerId();
    this.triggers.set(id, { userId, issuedAt: this.nowMs(), used: false });
    return id;
  }

  /** Checks a trigger without using it up. */
  check(triggerId: string): Trigger {
    const trigger = this.triggers.get(triggerId);
    if (!trigger) throw new SlackApiError('invalid_trigger_id');
    if (trigger.used) throw new SlackApiError('exchanged_trigger_id');
    if (this.nowMs() - trigger.issuedAt > TRIGGER_TTL_MS) throw new SlackApiError('expired_trigger_id');
    return trigger;
  }

  consume(triggerId: string): Trigger {
    const trigger = this.check(triggerId);
    trigger.used = true;
    return trigger;
  }
}
