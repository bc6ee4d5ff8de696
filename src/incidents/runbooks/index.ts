export {
  type CliOutput,
  describeRunbookChoice,
  runRunbooksLint,
  runRunbooksWhich,
  type WhichFormat,
} from './cli.js';
export { compileGlob, globProblem } from './glob.js';
export { type LintResult, lintRunbookSources } from './lint.js';
export { defaultRunbooksDir, lintRunbooks, loadRunbooks, readRunbookSources } from './loader.js';
export {
  chooseRunbook,
  type MatchSubject,
  type RunbookChoice,
  rankRunbook,
  selectRunbook,
} from './matcher.js';
export { parseRunbookSource, type RunbookSource } from './parse.js';
export { formatRunbookProblem, type RunbookProblem } from './problems.js';
export * from './schema.js';
export { shellQuote } from './shell.js';
export { type RenderedStep, type RenderOptions, renderCommand, renderStep, renderText } from './template.js';
export { TEMPLATE_VARIABLES, type TemplateSubject, type TemplateVariable } from './template-variables.js';
