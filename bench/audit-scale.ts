import { loadActionCatalog } from '../src/iam/catalog/action-catalog.js';
import { parseInventory } from '../src/iam/inventory/parse.js';
import { runAudit } from '../src/iam/run-audit.js';
import { round, type Scenario } from './lib/harness.js';
import { syntheticRawInventory } from './lib/synthetic-inventory.js';

/**
 * An access review of a large account: 5,000 users, 5,000 roles, 2,000 customer managed and
 * 10,000 inline policies (a made-up, seeded inventory in the raw AWS format). Generating it is
 * not timed; `parseInventory` + `runAudit` are, with the IAM action catalogue loaded first and
 * its load time reported on its own (it is paid once per process, not per review).
 *
 * Targets on the 2-core CI machine: `ms` < 3000 and `peak_rss_mb` < 500. A review runs inside a
 * worker that also serves other jobs, so it has to stay well inside a Slack-friendly wait and a
 * small container's memory.
 *
 * The analysis is synchronous, so an interval alone would never fire while it runs: RSS is also
 * sampled between the phases, where the parsed inventory and the report are still alive.
 */
export const SIZE = { users: 5_000, roles: 5_000, managedPolicies: 2_000, inlinePolicies: 10_000 } as const;
const SEED = 20_240_601;

export async function measureAuditScale(
  size: typeof SIZE = SIZE,
): Promise<Record<string, number | string | boolean>> {
  const raw = syntheticRawInventory({ ...size, seed: SEED });
  const now = new Date(raw.collectedAt);

  const catalogStarted = performance.now();
  const catalog = await loadActionCatalog();
  const catalogLoadMs = performance.now() - catalogStarted;

  let peak = process.memoryUsage.rss();
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const timer = setInterval(sample, 20);
  try {
    const started = performance.now();
    const inventory = parseInventory(raw);
    const parsed = performance.now();
    sample();
    const report = runAudit(inventory, { catalog, now });
    const analysed = performance.now();
    sample();
    // Let the interval run once more before it stops, in case memory is still being handed back.
    await new Promise((resolve) => setTimeout(resolve, 25));
    sample();
    return {
      principals: inventory.users.length + inventory.roles.length,
      users: inventory.users.length,
      roles: inventory.roles.length,
      managed_policies: inventory.policies.length,
      inline_policies: size.inlinePolicies,
      findings: report.findings.length,
      ms: round(analysed - started),
      parse_ms: round(parsed - started),
      analyse_ms: round(analysed - parsed),
      catalog_load_ms: round(catalogLoadMs),
      peak_rss_mb: Math.round(peak / 1024 / 1024),
    };
  } finally {
    clearInterval(timer);
  }
}

export const auditScale: Scenario = {
  name: 'audit-scale',
  // Pure analysis: the private redis-server run.ts starts for every scenario is not used.
  async run() {
    return measureAuditScale();
  },
};
