import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { ALERT_SOURCES } from './alert-sources.js';
import { ALL_QUEUES, JobName } from './queue/names.js';

/**
 * Every Prometheus metric Watchkeeper exports, created once per process (or per test) on its
 * own registry so tests never share counters.
 *
 * prom-client keeps one series per distinct label set, forever. A label value taken from outside
 * (a request path, a job name read back from Redis, an error code in a response) would let
 * anyone who can reach us grow that memory without bound, so every label here has a bound
 * (`LABEL_BOUNDS`): a fixed list where this floor knows the values, otherwise the first
 * `MAX_LABEL_VALUES` distinct values seen. Anything outside the bound is counted as `other`.
 * Callers that know their values (routes, Slack methods) map them to a fixed list first; this is
 * the net under them.
 */
export interface Metrics {
  readonly registry: Registry;
  readonly queueDepth: BoundedGauge<'queue' | 'state'>;
  readonly jobsCompleted: BoundedCounter<'queue' | 'job'>;
  readonly jobsFailed: BoundedCounter<'queue' | 'job' | 'final'>;
  readonly slackApiCalls: BoundedCounter<'method' | 'outcome'>;
  readonly handlerLatency: BoundedHistogram<'kind' | 'name'>;
  readonly intakeRejected: BoundedCounter<'endpoint' | 'reason'>;
  readonly intakeAccepted: BoundedCounter<'endpoint'>;
  readonly alertsNormalized: BoundedCounter<'source'>;
  readonly deadLetters: BoundedCounter<'origin'>;
  /** 1 while this process's Slack calls get answers, 0 while Slack cannot be reached. */
  readonly slackReachable: BoundedGauge<never>;
}

/** The value a label takes when the real one is outside its bound. */
export const OTHER_LABEL = 'other';
/** Distinct values kept per open label before the rest become `other`. */
export const MAX_LABEL_VALUES = 50;
/** A longer value is never a name we chose; it becomes `other`. */
export const MAX_LABEL_CHARS = 64;

export type LabelValues<L extends string> = { readonly [K in L]: string | number };

export interface BoundedCounter<L extends string> {
  inc(labels: LabelValues<L>, value?: number): void;
}

export interface BoundedGauge<L extends string> {
  set(labels: LabelValues<L>, value: number): void;
}

export interface BoundedHistogram<L extends string> {
  observe(labels: LabelValues<L>, seconds: number): void;
  /** Starts timing; the returned function records the elapsed seconds and returns them. */
  startTimer(labels: LabelValues<L>): () => number;
}

/** A fixed list of values, or an open label capped at the first `MAX_LABEL_VALUES` seen. */
type LabelBound = readonly string[] | 'open';

/** BullMQ's job states, as `getJobCounts` names them. */
const JOB_STATES = [
  'waiting',
  'active',
  'delayed',
  'failed',
  'completed',
  'paused',
  'prioritized',
  'waiting-children',
] as const;

const LABEL_BOUNDS = {
  queue: ALL_QUEUES,
  state: JOB_STATES,
  job: Object.values(JobName),
  final: ['true', 'false'],
  kind: ['slack', 'job', 'http'],
  source: ALERT_SOURCES,
  // Named above this floor (routes, Slack methods and errors, commands, intake reasons):
  method: 'open',
  outcome: 'open',
  name: 'open',
  endpoint: 'open',
  reason: 'open',
  origin: 'open',
} as const satisfies Record<string, LabelBound>;

type LabelName = keyof typeof LABEL_BOUNDS;

/** Maps label values into their bounds; open labels remember what they have admitted. */
function labelBounder<L extends LabelName>(
  names: readonly L[],
): (labels: LabelValues<L>) => Record<L, string> {
  const admitted = new Map<L, Set<string>>(names.map((name) => [name, new Set<string>()]));
  const bounded = (name: L, raw: string | number): string => {
    const value = String(raw);
    const bound: LabelBound = LABEL_BOUNDS[name];
    if (value.length > MAX_LABEL_CHARS) return OTHER_LABEL;
    if (bound !== 'open') return bound.includes(value) ? value : OTHER_LABEL;
    const seen = admitted.get(name) ?? new Set<string>();
    if (seen.has(value)) return value;
    if (seen.size >= MAX_LABEL_VALUES) return OTHER_LABEL;
    seen.add(value);
    return value;
  };
  return (labels) => {
    const out = {} as Record<L, string>;
    for (const name of names) out[name] = bounded(name, labels[name]);
    return out;
  };
}

function counter<L extends LabelName>(
  registry: Registry,
  config: { name: string; help: string; labelNames: readonly L[] },
): BoundedCounter<L> {
  const metric = new Counter({ ...config, labelNames: [...config.labelNames], registers: [registry] });
  const bound = labelBounder(config.labelNames);
  return { inc: (labels, value) => metric.inc(bound(labels), value) };
}

function gauge<L extends LabelName>(
  registry: Registry,
  config: { name: string; help: string; labelNames: readonly L[] },
): BoundedGauge<L> {
  const metric = new Gauge({ ...config, labelNames: [...config.labelNames], registers: [registry] });
  const bound = labelBounder(config.labelNames);
  return { set: (labels, value) => metric.set(bound(labels), value) };
}

function histogram<L extends LabelName>(
  registry: Registry,
  config: { name: string; help: string; labelNames: readonly L[]; buckets: number[] },
): BoundedHistogram<L> {
  const metric = new Histogram({ ...config, labelNames: [...config.labelNames], registers: [registry] });
  const bound = labelBounder(config.labelNames);
  return {
    observe: (labels, seconds) => metric.observe(bound(labels), seconds),
    startTimer: (labels) => metric.startTimer(bound(labels)),
  };
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'watchkeeper_' });
  return {
    registry,
    queueDepth: gauge(registry, {
      name: 'watchkeeper_queue_jobs',
      help: 'Jobs per queue and state (waiting, active, delayed, failed)',
      labelNames: ['queue', 'state'],
    }),
    jobsCompleted: counter(registry, {
      name: 'watchkeeper_jobs_completed_total',
      help: 'Jobs completed by this process',
      labelNames: ['queue', 'job'],
    }),
    jobsFailed: counter(registry, {
      name: 'watchkeeper_jobs_failed_total',
      help: 'Job attempts that failed in this process; final="true" when no retry is left',
      labelNames: ['queue', 'job', 'final'],
    }),
    slackApiCalls: counter(registry, {
      name: 'watchkeeper_slack_api_calls_total',
      help: 'Slack Web API calls by method and outcome (ok, rate_limited, or the Slack error code)',
      labelNames: ['method', 'outcome'],
    }),
    handlerLatency: histogram(registry, {
      name: 'watchkeeper_handler_seconds',
      help: 'Time spent in handlers: slack (ack path), job (processors), http (webhooks)',
      labelNames: ['kind', 'name'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
    intakeRejected: counter(registry, {
      name: 'watchkeeper_intake_rejected_total',
      help: 'Intake requests or inputs rejected, by endpoint and reason',
      labelNames: ['endpoint', 'reason'],
    }),
    intakeAccepted: counter(registry, {
      name: 'watchkeeper_intake_accepted_total',
      help: 'Intake inputs stored on the queue',
      labelNames: ['endpoint'],
    }),
    alertsNormalized: counter(registry, {
      name: 'watchkeeper_alerts_normalized_total',
      help: 'Alerts produced by the normalizers, by source',
      labelNames: ['source'],
    }),
    deadLetters: counter(registry, {
      name: 'watchkeeper_dead_letters_total',
      help: 'Inputs kept in the dead-letter list: intake inputs no normalizer could read, and alert jobs that failed for good',
      labelNames: ['origin'],
    }),
    slackReachable: gauge(registry, {
      name: 'watchkeeper_slack_reachable',
      help: '1 when the last Slack Web API call of this process got an answer; 0 when Slack could not be reached (network error, timeout, 5xx)',
      labelNames: [],
    }),
  };
}
