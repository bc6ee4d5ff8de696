import type { AlertJobData } from '../../../../src/alerts/intake/accept.js';

/** The alerts an `alerts` queue job carries: one (`alert.process`) or a batch's (`alert.batch`), in order. */
export function alertsOf(data: unknown): AlertJobData[] {
  const batch = data as { alerts?: unknown };
  return Array.isArray(batch.alerts) ? (batch.alerts as AlertJobData[]) : [data as AlertJobData];
}
