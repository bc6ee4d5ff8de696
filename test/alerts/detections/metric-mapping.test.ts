import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../src/alerts/detections/catalog.js';
import {
  defaultMetricMapping,
  detectionForMetric,
  metricMappingProblems,
} from '../../../src/alerts/detections/metric-mapping.js';

const base = {
  title: 't',
  description: 'd',
  control: 'CloudWatch.5',
  severity: 'high',
  filterPattern: '{ $.eventName = StopLogging }',
  runbookId: 'runbook-x',
};
const catalog = buildCatalog([
  { source: 'a', definition: { ...base, id: 'trail-changes', metricName: 'cloudtrail_cfg_changes_metric' } },
  {
    source: 'b',
    definition: { ...base, id: 'shared-a', metricName: 'shared_metric', metricNamespace: 'TeamA' },
  },
  {
    source: 'c',
    definition: { ...base, id: 'shared-b', metricName: 'shared_metric', metricNamespace: 'TeamB' },
  },
]);

describe('detectionForMetric', () => {
  it('finds the detection that publishes the alarm metric', () => {
    expect(detectionForMetric(catalog, 'cloudtrail_cfg_changes_metric')?.id).toBe('trail-changes');
  });

  it('still finds it when install moved the metric to another namespace', () => {
    expect(detectionForMetric(catalog, 'cloudtrail_cfg_changes_metric', 'Security')?.id).toBe(
      'trail-changes',
    );
  });

  it('uses the namespace to choose between detections sharing a metric name', () => {
    expect(detectionForMetric(catalog, 'shared_metric', 'TeamB')?.id).toBe('shared-b');
    expect(detectionForMetric(catalog, 'shared_metric', 'TeamA')?.id).toBe('shared-a');
  });

  it('lets a configured mapping name the detection for a hand-made metric', () => {
    const mapping = { CloudTrailChanges: 'trail-changes' };
    expect(detectionForMetric(catalog, 'CloudTrailChanges', 'LogMetrics', mapping)?.id).toBe('trail-changes');
  });

  it('returns undefined for a metric nobody publishes', () => {
    expect(detectionForMetric(catalog, 'CPUUtilization', 'AWS/EC2')).toBeUndefined();
    expect(detectionForMetric(catalog, 'constructor', undefined, {})).toBeUndefined();
  });
});

describe('metric mappings', () => {
  it('derives the default mapping from the catalog', () => {
    expect(defaultMetricMapping(catalog)).toMatchObject({ cloudtrail_cfg_changes_metric: 'trail-changes' });
  });

  it('reports mapped ids that are not in the catalog', () => {
    expect(metricMappingProblems(catalog, { RootUsage: 'no-such-detection', ok: 'trail-changes' })).toEqual([
      {
        path: 'metricMapping.RootUsage',
        message: 'no detection has id no-such-detection',
        fix: 'use one of: trail-changes, shared-a, shared-b',
      },
    ]);
  });
});
