import { parseArgs } from 'node:util';
import { ackLatency } from './ack-latency.js';
import { auditScale } from './audit-scale.js';
import { latency } from './latency.js';
import { type Scenario, withPrivateRedis } from './lib/harness.js';
import { pipeline } from './pipeline.js';
import { queueBaseline } from './queue-baseline.js';
import { retention } from './retention.js';
import { storm, stormLarge } from './storm.js';

/**
 * `npm run bench [-- --scenario NAME]`: runs each scenario against its own private redis-server
 * and prints exactly one JSON line per scenario on stdout (progress goes to stderr).
 */
const SCENARIOS: readonly Scenario[] = [
  queueBaseline,
  pipeline,
  latency,
  storm,
  stormLarge,
  ackLatency,
  retention,
  auditScale,
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', multiple: true },
      profile: { type: 'string' },
      concurrency: { type: 'string' },
    },
  });
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
    process.stderr.write(`--concurrency must be a whole number of at least 1, not ${values.concurrency}\n`);
    process.exitCode = 2;
    return;
  }
  const wanted = values.scenario ?? SCENARIOS.map((s) => s.name);
  const unknown = wanted.filter((name) => !SCENARIOS.some((s) => s.name === name));
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown scenario(s): ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}\n`,
    );
    process.exitCode = 2;
    return;
  }
  for (const scenario of SCENARIOS.filter((s) => wanted.includes(s.name))) {
    process.stderr.write(`running ${scenario.name}…\n`);
    const figures = await withPrivateRedis((redis) =>
      scenario.run({
        redisUrl: redis.url,
        ...(values.profile ? { profileDir: values.profile } : {}),
        ...(concurrency ? { concurrency } : {}),
      }),
    );
    process.stdout.write(
      `${JSON.stringify({ scenario: scenario.name, ...figures, node: process.version, cpus: (await import('node:os')).cpus().length })}\n`,
    );
  }
}

await main();
