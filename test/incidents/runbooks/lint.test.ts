import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintRunbookSources } from '../../../src/incidents/runbooks/lint.js';
import { lintRunbooks, loadRunbooks, readRunbookSources } from '../../../src/incidents/runbooks/loader.js';
import type { RunbookProblem } from '../../../src/incidents/runbooks/problems.js';
import { InputError } from '../../../src/platform/errors.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/runbooks');

async function problemsIn(folder: string): Promise<RunbookProblem[]> {
  return lintRunbooks(join(FIXTURES, folder));
}

function forFile(problems: RunbookProblem[], name: string): RunbookProblem[] {
  return problems.filter((p) => p.file.endsWith(name));
}

describe('lintRunbooks', () => {
  it('finds nothing wrong in a valid folder', async () => {
    expect(await problemsIn('valid')).toEqual([]);
  });

  it('reports a missing field with the file, the field path and a line', async () => {
    const [problem] = forFile(await problemsIn('invalid'), 'missing-steps.yaml');
    expect(problem).toMatchObject({ path: 'steps', line: 1 });
    expect(problem?.message).toMatch(/expected array/i);
  });

  it('reports unknown template variables in step text and commands', async () => {
    const problems = forFile(await problemsIn('invalid'), 'unknown-variable.yaml');
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ['steps[1].text', 'unknown template variable {{resource.owner}}'],
      ['steps[1].command', 'unknown template variable {{alarm.name}}'],
    ]);
    expect(problems[0]?.line).toBe(7);
    expect(problems[0]?.fix).toContain('resource.id');
  });

  it('reports globs the matcher does not support, one per pattern', async () => {
    const problems = forFile(await problemsIn('invalid'), 'bad-glob.yaml');
    expect(problems.map((p) => p.path)).toEqual([
      'match.guardDutyTypes[0]',
      'match.guardDutyTypes[1]',
      'match.guardDutyTypes[2]',
    ]);
    expect(problems[0]?.message).toContain('[...]');
    expect(problems[1]?.message).toContain('negation');
    expect(problems[0]?.line).toBe(5);
  });

  it('reports a template variable written inside quotes in a command', async () => {
    const [problem] = forFile(await problemsIn('invalid'), 'quoted-variable.yaml');
    expect(problem).toMatchObject({ path: 'steps[0].command', message: '{{resource.id}} is inside quotes' });
  });

  it('reports every schema problem of a file: bad id, empty title, empty match, typo keys, http URL, bad framework', async () => {
    const paths = forFile(await problemsIn('invalid'), 'bad-fields.yaml').map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining(['id', 'title', 'match', 'steps[0]', 'references[0].url', 'frameworks[0]']),
    );
    expect(paths).not.toContain('frameworks[1]');
  });

  it('reports YAML syntax errors with their line', async () => {
    const [problem] = forFile(await problemsIn('invalid'), 'yaml-syntax.yaml');
    expect(problem?.path).toBe('(yaml)');
    expect(problem?.line).toBeGreaterThanOrEqual(4);
  });

  it('reports duplicate ids and an id that does not match its file name', async () => {
    const problems = forFile(await problemsIn('invalid'), 'duplicate-b.yaml');
    expect(problems.map((p) => p.message)).toEqual([
      'id "duplicate-a" does not match the file name',
      expect.stringMatching(/^duplicate runbook id "duplicate-a" \(also in .*duplicate-a\.yaml\)$/),
    ]);
  });

  it('reports a folder without a generic fallback', async () => {
    expect(await problemsIn('no-fallback')).toEqual([
      expect.objectContaining({
        path: 'match.fallback',
        message: expect.stringContaining('no generic fallback'),
      }),
    ]);
  });

  it('reports a folder that does not exist instead of throwing', async () => {
    const [problem] = await problemsIn('does-not-exist');
    expect(problem?.message).toContain('cannot be read');
  });

  it('is pure over sources: the same texts give the same problems without touching disk', () => {
    const text =
      'id: x\ntitle: X\nmatch: {fallback: true}\nsteps: [{text: "a {{nope}}"}]\nreferences: [{title: r}]\nframeworks: []\n';
    const { problems, runbooks } = lintRunbookSources([{ file: 'x.yaml', text }]);
    expect(runbooks.map((r) => r.id)).toEqual(['x']);
    expect(problems.map((p) => p.message)).toEqual(['unknown template variable {{nope}}']);
  });
});

describe('lintRunbookSources: commands that could need a placeholder', () => {
  const file = (steps: string) =>
    `id: x\ntitle: X\nmatch: {guardDutyTypes: ["UnauthorizedAccess:IAMUser/*"]}\nsteps:\n${steps}references: [{title: r}]\nframeworks: []\n`;
  const problemsOf = (steps: string) =>
    lintRunbookSources([
      { file: 'x.yaml', text: file(steps) },
      { file: 'f.yaml', text: FALLBACK },
    ]).problems;
  const FALLBACK =
    'id: f\ntitle: F\nmatch: {fallback: true}\nsteps: [{text: t}]\nreferences: [{title: r}]\nframeworks: []\n';

  it('fails a command whose variable a matched alert may lack (a role name for an IAM user key)', () => {
    const problems = problemsOf(
      '  - text: Revoke\n    command: aws iam put-role-policy --role-name {{actor.roleName}}\n',
    );
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'steps[0].command',
        line: 6,
        message:
          '{{actor.roleName}} can be missing when this step is shown, and a command never shows a placeholder',
      }),
    ]);
  });

  it('passes it once the step is limited to alerts that carry the value', () => {
    expect(
      problemsOf(
        '  - text: Revoke\n    command: aws iam put-role-policy --role-name {{actor.roleName}}\n    when: {principal: [role-session]}\n',
      ),
    ).toEqual([]);
    expect(
      problemsOf(
        '  - text: Key\n    command: aws iam get-access-key-last-used --access-key-id {{actor.accessKeyId}}\n    when: {known: [actor.accessKeyId]}\n',
      ),
    ).toEqual([]);
  });

  it('accepts values every alert of the matched source carries, and names unknown variables in when', () => {
    expect(
      problemsOf(
        '  - text: Look\n    command: aws ec2 describe-instances --region {{region}} --instance-ids {{resource.id}}\n',
      ),
    ).toEqual([]);
    expect(
      problemsOf('  - text: Look\n    when: {known: [actor.nickname]}\n').map((p) => [p.path, p.message]),
    ).toEqual([['steps[0].when.known[0]', 'unknown template variable actor.nickname in when.known']]);
  });
});

describe('loadRunbooks', () => {
  it('loads a valid folder', async () => {
    const runbooks = await loadRunbooks(join(FIXTURES, 'valid'));
    expect(runbooks.map((r) => r.id)).toEqual(['fixture-ec2', 'fixture-fallback']);
  });

  it('refuses an invalid folder with every problem listed', async () => {
    const error = await loadRunbooks(join(FIXTURES, 'invalid')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const problems = (error as InputError).problems;
    expect(problems.length).toBeGreaterThanOrEqual(10);
    expect(problems.some((p) => p.path.includes('unknown-variable.yaml:7 steps[1].text'))).toBe(true);
  });

  it('reads only YAML files, in name order', async () => {
    const sources = await readRunbookSources(join(FIXTURES, 'valid'));
    expect(sources.map((s) => s.file.split('/').at(-1))).toEqual([
      'fixture-ec2.yaml',
      'fixture-fallback.yaml',
    ]);
  });
});
