import { describe, expect, it } from 'vitest';
import {
  createMetrics,
  MAX_LABEL_CHARS,
  MAX_LABEL_VALUES,
  type Metrics,
  OTHER_LABEL,
} from '../../src/platform/metrics.js';
import { JobName, QueueName } from '../../src/platform/queue/names.js';
import { labelValues } from './label-values.js';

const noise = (i: number) => `attacker-${i}-${Math.random().toString(36).slice(2)}`;

/** Every labelled metric, fed a value nobody chose for every label, `times` times. */
function flood(metrics: Metrics, times: number): void {
  for (let i = 0; i < times; i++) {
    metrics.queueDepth.set({ queue: noise(i), state: noise(i) }, 1);
    metrics.jobsCompleted.inc({ queue: noise(i), job: noise(i) });
    metrics.jobsFailed.inc({ queue: noise(i), job: noise(i), final: noise(i) });
    metrics.slackApiCalls.inc({ method: noise(i), outcome: noise(i) });
    metrics.handlerLatency.observe({ kind: noise(i), name: noise(i) }, 0.01);
    metrics.handlerLatency.startTimer({ kind: 'job', name: noise(i) })();
    metrics.intakeRejected.inc({ endpoint: noise(i), reason: noise(i) });
    metrics.intakeAccepted.inc({ endpoint: noise(i) }, 2);
    metrics.alertsNormalized.inc({ source: noise(i) });
    metrics.deadLetters.inc({ origin: noise(i) });
  }
}

describe('metric labels', () => {
  it('keep every label of every metric to a bounded set of values, however many arrive', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    flood(metrics, 2_000);
    const json = await metrics.registry.getMetricsAsJSON();
    expect(json.length).toBeGreaterThan(0);
    for (const metric of json) {
      const names = new Set(metric.values.flatMap((v) => Object.keys(v.labels)));
      names.delete('le'); // a histogram's bucket bound, not ours
      for (const label of names) {
        const values = await labelValues(metrics.registry, metric.name, label);
        expect(values.size, `${metric.name}{${label}}`).toBeLessThanOrEqual(MAX_LABEL_VALUES + 1);
      }
    }
  });

  it('count a value outside a fixed list as other and keep the known ones', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.jobsCompleted.inc({ queue: QueueName.Alerts, job: JobName.Alert });
    metrics.jobsCompleted.inc({ queue: 'alerts-from-a-stranger', job: 'job-from-a-stranger' });
    expect(await labelValues(metrics.registry, 'watchkeeper_jobs_completed_total', 'queue')).toEqual(
      new Set([QueueName.Alerts, OTHER_LABEL]),
    );
    expect(await labelValues(metrics.registry, 'watchkeeper_jobs_completed_total', 'job')).toEqual(
      new Set([JobName.Alert, OTHER_LABEL]),
    );
  });

  it('admit the first values of an open label up to the cap, and count the rest as other', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    for (let i = 0; i < MAX_LABEL_VALUES * 3; i++) metrics.deadLetters.inc({ origin: `origin-${i}` });
    metrics.deadLetters.inc({ origin: 'origin-0' });
    const values = await labelValues(metrics.registry, 'watchkeeper_dead_letters_total', 'origin');
    expect(values.size).toBe(MAX_LABEL_VALUES + 1);
    expect(values).toContain('origin-0');
    expect(values).toContain(OTHER_LABEL);
    const text = await metrics.registry.metrics();
    expect(text).toContain('watchkeeper_dead_letters_total{origin="origin-0"} 2');
    expect(text).toContain(`watchkeeper_dead_letters_total{origin="other"} ${MAX_LABEL_VALUES * 2}`);
  });

  it('count an over-long value as other instead of storing it', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.intakeRejected.inc({ endpoint: 'x'.repeat(MAX_LABEL_CHARS + 1), reason: 'too_large' });
    expect(await labelValues(metrics.registry, 'watchkeeper_intake_rejected_total', 'endpoint')).toEqual(
      new Set([OTHER_LABEL]),
    );
  });

  it('are bounded per registry, so one process or test never fills another one', async () => {
    const first = createMetrics({ defaultMetrics: false });
    for (let i = 0; i < MAX_LABEL_VALUES; i++) first.deadLetters.inc({ origin: `filler-${i}` });
    const second = createMetrics({ defaultMetrics: false });
    second.deadLetters.inc({ origin: 'eventbridge' });
    expect(await labelValues(second.registry, 'watchkeeper_dead_letters_total', 'origin')).toEqual(
      new Set(['eventbridge']),
    );
  });
});
