import type { GuardDutyFinding } from '../../aws/guardduty/finding.js';
import type { FindingIdsCriteria, FindingIdsPage, GuardDutyFindingsPort } from '../../aws/guardduty/port.js';
import { seededRandom } from '../slack-api/options.js';
import { FINDING_TEMPLATES, type FindingTemplate } from './finding-templates.js';
import { SAMPLE_ACCOUNT_ID, SAMPLE_DETECTOR_ID, SAMPLE_REGION } from './identity.js';

/**
 * The sample account's GuardDuty: the same port the production sync polls, serving a stream of
 * findings that grows over time — new findings, repeated occurrences of existing ones (count up,
 * new updatedAt), and now and then a burst. It is deterministic for a given seed and clock.
 *
 * A finding repeats only during its first `activeSteps` steps; after that it stays quiet, so
 * resolving its incident sticks. The one template marked `recurs` demonstrates reopening: it
 * comes back once it has been quiet for `recurAfterSteps` steps.
 */
export interface SampleGuardDutyOptions {
  readonly now: () => Date;
  /** One step of the stream every `stepMs` of clock time. @defaultValue 20 s */
  readonly stepMs?: number;
  readonly seed?: number;
  /** Steps after it opens during which a finding may repeat. @defaultValue 3 (one minute at 20 s) */
  readonly activeSteps?: number;
  /** Quiet steps after which the recurring finding comes back. @defaultValue 12 (four minutes) */
  readonly recurAfterSteps?: number;
}

interface SampleFinding {
  template: FindingTemplate;
  id: string;
  count: number;
  createdAt: Date;
  updatedAt: Date;
  /** The step it opened at and the step it last fired at. */
  openedStep: number;
  firedStep: number;
}

export class SampleGuardDutyPort implements GuardDutyFindingsPort {
  readonly #findings = new Map<string, SampleFinding>();
  readonly #options: Required<SampleGuardDutyOptions>;
  readonly #startedAt: Date;
  #steps = 0;
  #random: () => number;

  constructor(options: SampleGuardDutyOptions) {
    this.#options = { stepMs: 20_000, seed: 7, activeSteps: 3, recurAfterSteps: 12, ...options };
    this.#startedAt = options.now();
    this.#random = seededRandom(this.#options.seed);
    // The first poll already has something to show.
    for (const template of FINDING_TEMPLATES.slice(0, 3)) this.#open(template, this.#startedAt);
  }

  async listDetectors(): Promise<readonly string[]> {
    return [SAMPLE_DETECTOR_ID];
  }

  async listFindingIds(_detectorId: string, criteria: FindingIdsCriteria): Promise<FindingIdsPage> {
    this.#advance();
    const ids = [...this.#findings.values()]
      .filter((f) => f.updatedAt.getTime() >= criteria.updatedSinceMs)
      .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime())
      .map((f) => f.id);
    return { ids };
  }

  async getFindings(_detectorId: string, ids: readonly string[]): Promise<readonly GuardDutyFinding[]> {
    return ids.flatMap((id) => {
      const finding = this.#findings.get(id);
      return finding ? [toSdkFinding(finding)] : [];
    });
  }

  /** Plays the stream forward to the clock: each step opens a finding or repeats one; some burst. */
  #advance(): void {
    const due = Math.floor(
      (this.#options.now().getTime() - this.#startedAt.getTime()) / this.#options.stepMs,
    );
    while (this.#steps < due) {
      this.#steps += 1;
      const at = new Date(this.#startedAt.getTime() + this.#steps * this.#options.stepMs);
      const existing = this.#repeatable();
      const roll = this.#random();
      if (roll < 0.35 || existing.length === 0) {
        const template = FINDING_TEMPLATES[
          Math.floor(this.#random() * FINDING_TEMPLATES.length)
        ] as FindingTemplate;
        this.#open(template, at);
      } else {
        const finding = existing[Math.floor(this.#random() * existing.length)] as SampleFinding;
        // A burst: one finding fires many times at once (an alert storm in miniature).
        finding.count += roll > 0.9 ? 25 : 1;
        finding.updatedAt = at;
        finding.firedStep = this.#steps;
      }
    }
  }

  /** Findings that may fire again now: the recently opened, and the recurring one after a quiet spell. */
  #repeatable(): SampleFinding[] {
    const { activeSteps, recurAfterSteps } = this.#options;
    return [...this.#findings.values()].filter((f) =>
      f.template.recurs
        ? this.#steps - f.firedStep > recurAfterSteps || this.#steps - f.openedStep <= activeSteps
        : this.#steps - f.openedStep <= activeSteps,
    );
  }

  #open(template: FindingTemplate, at: Date): void {
    const id = `sample${(this.#findings.size + 1).toString().padStart(4, '0')}${hex(this.#random)}`;
    const step = this.#steps;
    this.#findings.set(id, {
      template,
      id,
      count: 1,
      createdAt: at,
      updatedAt: at,
      openedStep: step,
      firedStep: step,
    });
  }
}

function toSdkFinding(f: SampleFinding): GuardDutyFinding {
  return {
    AccountId: SAMPLE_ACCOUNT_ID,
    Arn: `arn:aws:guardduty:${SAMPLE_REGION}:${SAMPLE_ACCOUNT_ID}:detector/${SAMPLE_DETECTOR_ID}/finding/${f.id}`,
    CreatedAt: f.createdAt.toISOString(),
    UpdatedAt: f.updatedAt.toISOString(),
    Id: f.id,
    Partition: 'aws',
    Region: SAMPLE_REGION,
    SchemaVersion: '2.0',
    Type: f.template.type,
    Severity: f.template.severity,
    Title: f.template.title,
    Description: f.template.description,
    Resource: f.template.resource,
    Service: {
      ServiceName: 'guardduty',
      DetectorId: SAMPLE_DETECTOR_ID,
      Archived: false,
      Count: f.count,
      EventFirstSeen: f.createdAt.toISOString(),
      EventLastSeen: f.updatedAt.toISOString(),
      ...(f.template.action ? { Action: f.template.action } : {}),
    },
  } as GuardDutyFinding;
}

function hex(random: () => number): string {
  return Array.from({ length: 20 }, () => Math.floor(random() * 16).toString(16)).join('');
}
