import { describeImport, type ImportEdge, type ImportGraph } from './import-graph.js';

/**
 * The layering rules of the production tree, as checks over an import graph. Each check
 * returns the imports that break its rule (empty when the rule holds), so a test can show
 * exactly which file and which import to fix. Cycles live in `cycles.ts`.
 */

/**
 * The only production files outside `src/sandbox/` allowed to import it. Keep this list short:
 * the sandbox is a stand-in for Slack and AWS, and production code must not depend on it.
 */
export const SANDBOX_IMPORTERS: readonly string[] = [
  'src/cli/verbs/demo.ts', // the `watchkeeper demo` verb boots the bot against the sandbox
];

/** Package prefixes of the AWS SDK, which only `src/aws/` may import. */
export const AWS_SDK_PACKAGES: readonly string[] = ['@aws-sdk/', '@smithy/'];

/**
 * The floors of `src/`, lowest first: a folder may import only folders below it (and itself).
 * Features sit above the shared floors; the composition root above them; the sandbox and the
 * CLI, which start a composed runtime, on top.
 */
export const SRC_LAYERS: readonly string[] = [
  'platform',
  'aws',
  'slack',
  'alerts',
  'ownership',
  'incidents',
  'remediation',
  'iam',
  'digest',
  'main',
  'sandbox',
  'cli',
];

export type RuleId =
  | 'platform-is-ground-floor'
  | 'folders-import-downwards'
  | 'entry-points-only-from-main'
  | 'commands-and-workflows-apart'
  | 'sandbox-is-isolated'
  | 'aws-sdk-only-in-src-aws';

export interface Violation {
  readonly rule: RuleId;
  readonly edge: ImportEdge;
}

/** True when `path` is `dir` itself or lies below it. */
export function isUnder(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}

/** The relative imports whose importer matches `from` and whose target matches `to`. */
function relativeImports(graph: ImportGraph, from: (file: string) => boolean, to: (file: string) => boolean) {
  return graph.imports.filter((e) => from(e.from) && e.target !== undefined && to(e.target));
}

const flag = (rule: RuleId) => (edge: ImportEdge) => ({ rule, edge });

/** Rule 2: `src/platform/**` imports nothing from the repository outside `src/platform/`. */
export function checkPlatformIsGroundFloor(graph: ImportGraph): Violation[] {
  const platform = (f: string) => isUnder(f, 'src/platform');
  return relativeImports(graph, platform, (to) => !platform(to)).map(flag('platform-is-ground-floor'));
}

/** The `src/` folder a file is in (`src/incidents/card/x.ts` → `incidents`); undefined outside src/. */
function srcFolderOf(file: string): string | undefined {
  const parts = file.split('/');
  return parts[0] === 'src' && parts.length > 2 ? parts[1] : undefined;
}

/**
 * Rule 6: a `src/` folder imports only folders below it in `layers`; a folder missing from the
 * list is reported too, so a new one has to be given its floor.
 */
export function checkFoldersImportDownwards(
  graph: ImportGraph,
  layers: readonly string[] = SRC_LAYERS,
): Violation[] {
  return graph.imports
    .filter((e) => {
      const from = srcFolderOf(e.from);
      const to = e.target === undefined ? undefined : srcFolderOf(e.target);
      if (from === undefined || to === undefined || from === to) return false;
      const [a, b] = [layers.indexOf(from), layers.indexOf(to)];
      return a < 0 || b < 0 || b > a;
    })
    .map(flag('folders-import-downwards'));
}

/** Rule 3a: inside `src/`, only `src/main/**` imports `commands/` or `workflows/`. */
export function checkEntryPointsOnlyFromMain(graph: ImportGraph): Violation[] {
  return relativeImports(
    graph,
    (from) => isUnder(from, 'src') && !isUnder(from, 'src/main'),
    (to) => isUnder(to, 'commands') || isUnder(to, 'workflows'),
  ).map(flag('entry-points-only-from-main'));
}

/** Rule 3b: `commands/` does not import `workflows/`, and `workflows/` does not import `commands/`. */
export function checkCommandsAndWorkflowsApart(graph: ImportGraph): Violation[] {
  const commands = (f: string) => isUnder(f, 'commands');
  const workflows = (f: string) => isUnder(f, 'workflows');
  return [...relativeImports(graph, commands, workflows), ...relativeImports(graph, workflows, commands)].map(
    flag('commands-and-workflows-apart'),
  );
}

/** Rule 4: nothing outside `src/sandbox/` imports it, except the files in SANDBOX_IMPORTERS. */
export function checkSandboxIsolated(
  graph: ImportGraph,
  allowed: readonly string[] = SANDBOX_IMPORTERS,
): Violation[] {
  const sandbox = (f: string) => isUnder(f, 'src/sandbox');
  return relativeImports(graph, (from) => !sandbox(from) && !allowed.includes(from), sandbox).map(
    flag('sandbox-is-isolated'),
  );
}

/** Rule 5: `@aws-sdk/*` and `@smithy/*` (value or type imports) only under `src/aws/`. */
export function checkAwsSdkOnlyInSrcAws(graph: ImportGraph): Violation[] {
  return graph.imports
    .filter(
      (e) =>
        e.target === undefined &&
        !isUnder(e.from, 'src/aws') &&
        AWS_SDK_PACKAGES.some((prefix) => e.specifier.startsWith(prefix)),
    )
    .map(flag('aws-sdk-only-in-src-aws'));
}

/** All rule checks, for tests that want to see a graph is clean (or breaks exactly one rule). */
export function checkAllRules(graph: ImportGraph): Violation[] {
  return [
    ...checkPlatformIsGroundFloor(graph),
    ...checkFoldersImportDownwards(graph),
    ...checkEntryPointsOnlyFromMain(graph),
    ...checkCommandsAndWorkflowsApart(graph),
    ...checkSandboxIsolated(graph),
    ...checkAwsSdkOnlyInSrcAws(graph),
  ];
}

/** One line per violation: `file:line imports 'specifier' → target`. Empty when there are none. */
export function describeViolations(violations: readonly Violation[]): string {
  return violations.map((v) => describeImport(v.edge)).join('\n');
}
