import type { Problem } from '../../platform/errors.js';
import type { Catalog, Detection } from './catalog.js';

/**
 * Alarm mode: a CloudWatch alarm names a metric, not a detection. Accounts that already
 * followed CIS or Security Hub by hand used their own metric names (and often the `LogMetrics`
 * namespace), so the operator can map alarm metric names to detection ids in config.
 */

/** Alarm metric name -> detection id. */
export type MetricMapping = Readonly<Record<string, string>>;

/** The mapping implied by the catalog itself: each detection's own metricName. */
export function defaultMetricMapping(catalog: Catalog): MetricMapping {
  return Object.fromEntries(catalog.detections.map((d) => [d.metricName, d.id]));
}

/** Config check: every mapped id must exist in the catalog. */
export function metricMappingProblems(
  catalog: Catalog,
  mapping: MetricMapping,
  path = 'metricMapping',
): Problem[] {
  return Object.entries(mapping)
    .filter(([, id]) => !catalog.byId.has(id))
    .map(([metric, id]) => ({
      path: `${path}.${metric}`,
      message: `no detection has id ${id}`,
      fix: `use one of: ${[...catalog.byId.keys()].join(', ')}`,
    }));
}

/**
 * The detection an alarm's metric stands for. An explicit mapping entry wins; otherwise the
 * detection that publishes this metric name. The namespace only breaks ties between detections
 * sharing a metric name, because `install --namespace` may have moved every metric elsewhere.
 */
export function detectionForMetric(
  catalog: Catalog,
  metricName: string,
  namespace?: string,
  mapping?: MetricMapping,
): Detection | undefined {
  if (mapping && Object.hasOwn(mapping, metricName)) {
    const mapped = mapping[metricName];
    return mapped === undefined ? undefined : catalog.byId.get(mapped);
  }
  const candidates = catalog.detections.filter((d) => d.metricName === metricName);
  if (candidates.length <= 1 || namespace === undefined) return candidates[0];
  return candidates.find((d) => d.metricNamespace === namespace) ?? candidates[0];
}
