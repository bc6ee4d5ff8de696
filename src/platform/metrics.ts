import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every Prometheus metric Watchkeeper exports, created once per process (or per test) on its
 * own registry so tests never share counters.
 */
export interface Metrics {
  readonly registry: Registry;
  readonly queueDepth: Gauge<'queue' | 'state'>;
  readonly jobsCompleted: Counter<'queue' | 'job'>;
  readonly jobsFailed: Counter<'queue' | 'job' | 'final'>;
  readonly slackApiCalls: Counter<'method' | 'outcome'>;
  readonly handlerLatency: Histogram<'kind' | 'name'>;
  readonly intakeRejected: Counter<'endpoint' | 'reason'>;
  readonly intakeAccepted: Counter<'endpoint'>;
  readonly alertsNormalized: Counter<'source'>;
  readonly deadLetters: Counter<'origin'>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'watchkeeper_' });
  return {
    registry,
    queueDepth: new Gauge({
      name: 'watchkeeper_queue_jobs',
      help: 'Jobs per queue and state (waiting, active, delayed, failed)',
      labelNames: ['queue', 'state'],
      registers: [registry],
    }),
    jobsCompleted: new Counter({
      name: 'watchkeeper_jobs_completed_total',
      help: 'Jobs completed by this process',
      labelNames: ['queue', 'job'],
      registers: [registry],
    }),
    jobsFailed: new Counter({
      name: 'watchkeeper_jobs_failed_total',
      help: 'Job attempts that failed in this process; final="true" when no retry is left',
      labelNames: ['queue', 'job', 'final'],
      registers: [registry],
    }),
    slackApiCalls: new Counter({
      name: 'watchkeeper_slack_api_calls_total',
      help: 'Slack Web API calls by method and outcome (ok, rate_limited, or the Slack error code)',
      labelNames: ['method', 'outcome'],
      registers: [registry],
    }),
    handlerLatency: new Histogram({
      name: 'watchkeeper_handler_seconds',
      help: 'Time spent in handlers: slack (ack path), job (processors), http (webhooks)',
      labelNames: ['kind', 'name'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    intakeRejected: new Counter({
      name: 'watchkeeper_intake_rejected_total',
      help: 'Intake requests or inputs rejected, by endpoint and reason',
      labelNames: ['endpoint', 'reason'],
      registers: [registry],
    }),
    intakeAccepted: new Counter({
      name: 'watchkeeper_intake_accepted_total',
      help: 'Intake inputs stored on the queue',
      labelNames: ['endpoint'],
      registers: [registry],
    }),
    alertsNormalized: new Counter({
      name: 'watchkeeper_alerts_normalized_total',
      help: 'Alerts produced by the normalizers, by source',
      labelNames: ['source'],
      registers: [registry],
    }),
    deadLetters: new Counter({
      name: 'watchkeeper_dead_letters_total',
      help: 'Inputs that fit no known shape and were kept in the dead-letter list',
      labelNames: ['origin'],
      registers: [registry],
    }),
  };
}
