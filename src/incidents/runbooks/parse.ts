import { type Document, isNode, LineCounter, parseDocument } from 'yaml';
import { formatPath } from '../../platform/format-path.js';
import { RUNBOOK_PATH, type RunbookProblem } from './problems.js';
import { type Runbook, runbookSchema } from './schema.js';

/** One runbook file's text, as read from disk (or written by a test). */
export interface RunbookSource {
  readonly file: string;
  readonly text: string;
}

export interface ParsedRunbook {
  readonly runbook?: Runbook;
  readonly problems: readonly RunbookProblem[];
  /** 1-based line of a field path, for later checks on the parsed runbook. */
  readonly lineOf: (path: ReadonlyArray<string | number>) => number | undefined;
}

function lineFinder(doc: Document, counter: LineCounter) {
  return (path: ReadonlyArray<string | number>): number | undefined => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
    }
    return undefined;
  };
}

/** Parses and schema-checks one file. Pure: no I/O. */
export function parseRunbookSource(source: RunbookSource): ParsedRunbook {
  const counter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const lineOf = lineFinder(doc, counter);
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const line = counter.linePos(e.pos[0]).line;
      const problem: RunbookProblem = {
        file: source.file,
        path: '(yaml)',
        message: e.message.split('\n')[0] ?? e.message,
      };
      return { ...problem, line };
    });
    return { problems, lineOf };
  }
  const parsed = runbookSchema.safeParse(doc.toJS());
  if (parsed.success) return { runbook: parsed.data, problems: [], lineOf };
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    const problem: RunbookProblem = {
      file: source.file,
      path: formatPath(path, RUNBOOK_PATH),
      message: issue.message,
    };
    const line = lineOf(path);
    return line === undefined ? problem : { ...problem, line };
  });
  return { problems, lineOf };
}
