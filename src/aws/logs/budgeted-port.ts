import type { CloudTrailLogsPort } from './port.js';
import type { RateBudget, RateScope } from './rate-budget.js';

/** A port whose every FilterLogEvents call first takes a token from the account+region budget. */
export function withRateBudget(
  port: CloudTrailLogsPort,
  budget: RateBudget,
  scope: RateScope,
): CloudTrailLogsPort {
  return {
    async filterLogEvents(request) {
      await budget.acquire(scope);
      return port.filterLogEvents(request);
    },
  };
}
