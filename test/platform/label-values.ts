import type { Registry } from 'prom-client';

/** The distinct values one label of one metric has in a registry, read as Prometheus would. */
export async function labelValues(registry: Registry, metric: string, label: string): Promise<Set<string>> {
  const found = (await registry.getMetricsAsJSON()).find((m) => m.name === metric);
  const values = new Set<string>();
  for (const value of found?.values ?? []) {
    const found = value.labels[label];
    if (found !== undefined) values.add(String(found));
  }
  return values;
}
