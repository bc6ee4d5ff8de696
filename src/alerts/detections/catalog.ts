import { InputError, type Problem } from '../../platform/errors.js';
import { zodProblems } from '../../platform/zod-problems.js';
import type { FilterPattern } from './filter-pattern/ast.js';
import { evaluateFilterPattern } from './filter-pattern/evaluator.js';
import { parseFilterPattern } from './filter-pattern/parser.js';
import { FilterPatternSyntaxError } from './filter-pattern/syntax-error.js';
import { type DetectionDefinition, detectionSchema } from './schema.js';

/**
 * The detection catalog: every definition validated, its pattern parsed once, ids unique.
 * Pure: the YAML files are read by catalog-loader.ts; user detections from config come in
 * through the same `buildCatalog`.
 */

export interface Detection extends DetectionDefinition {
  readonly pattern: FilterPattern;
  /** Where the definition came from: a file path, or e.g. `config detections[2]`. */
  readonly source: string;
}

export interface Catalog {
  /** In load order (files sorted by name, then config), which is the order matches are reported. */
  readonly detections: readonly Detection[];
  readonly byId: ReadonlyMap<string, Detection>;
}

/** One raw definition and where it came from, for error messages. */
export interface DetectionSource {
  readonly source: string;
  readonly definition: unknown;
}

/** Validates every definition and reports all problems at once (InputError), naming source and field. */
export function buildCatalog(sources: readonly DetectionSource[]): Catalog {
  const problems: Problem[] = [];
  const detections: Detection[] = [];
  const byId = new Map<string, Detection>();
  for (const { source, definition } of sources) {
    const parsed = detectionSchema.safeParse(definition);
    if (!parsed.success) {
      for (const p of zodProblems(parsed.error)) problems.push({ ...p, path: `${source}: ${p.path}` });
      continue;
    }
    const pattern = parsePattern(parsed.data.filterPattern, source, problems);
    if (!pattern) continue;
    const existing = byId.get(parsed.data.id);
    if (existing) {
      problems.push({
        path: `${source}: id`,
        message: `duplicate detection id ${parsed.data.id} (also defined in ${existing.source})`,
        fix: 'give each detection its own id',
      });
      continue;
    }
    const detection: Detection = { ...parsed.data, pattern, source };
    detections.push(detection);
    byId.set(detection.id, detection);
  }
  if (problems.length) throw new InputError('Detection catalog is invalid', problems);
  return { detections, byId };
}

function parsePattern(text: string, source: string, problems: Problem[]): FilterPattern | undefined {
  try {
    return parseFilterPattern(text);
  } catch (error) {
    if (!(error instanceof FilterPatternSyntaxError)) throw error;
    problems.push({
      path: `${source}: filterPattern`,
      message: `column ${error.column}: expected ${error.expected}, found ${error.found}`,
    });
    return undefined;
  }
}

/** The detections whose pattern matches one CloudTrail record (parsed JSON), in catalog order. */
export function matchDetections(catalog: Catalog, record: unknown): readonly Detection[] {
  return catalog.detections.filter((detection) => evaluateFilterPattern(detection.pattern, record));
}
