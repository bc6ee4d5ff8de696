import { describe, expect, it } from 'vitest';
import { OWNER_CLI_USAGE, OWNER_EXIT, runOwnerCommand } from '../../src/ownership/command.js';
import { fixture } from './fixtures.js';

const registryText = fixture('owners.yaml');
const tagsJson = fixture('tags.json');

describe('runOwnerCommand', () => {
  it('prints the owner on stdout and exits 0 when one is found', async () => {
    const out = await runOwnerCommand({ query: 'ledger-exports', registryText });
    expect(out).toEqual({
      stdout: expect.stringMatching(
        /^S3 bucket ledger-exports belongs to team ledger\n[\s\S]*rule 2 \(ledger data\)[\s\S]*\n$/,
      ),
      stderr: '',
      exitCode: OWNER_EXIT.found,
    });
  });

  it('reads owner tags from the tags file, keyed by ARN', async () => {
    const out = await runOwnerCommand({ query: 'media-uploads-eu', registryText, tagsJson });
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain('Source: tag Team=ledger on the resource (read from AWS)');
  });

  it('reads an instance id keyed by id, even without --account and --region', async () => {
    const out = await runOwnerCommand({ query: 'i-0a11b22c33d44e55f', tagsJson });
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain('EC2 instance i-0a11b22c33d44e55f belongs to team search-infra');
  });

  it('uses --account for account rules and defaults', async () => {
    const out = await runOwnerCommand({ query: 'unclaimed-bucket', registryText, accountId: '048213396712' });
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain('default team of account 048213396712 (core-prod)');
  });

  it('accepts tags dumped by `aws resourcegroupstaggingapi get-resources`', async () => {
    const out = await runOwnerCommand({
      query: 'ledger-statements-eu',
      tagsJson: fixture('get-resources-by-tag-page-1.json'),
    });
    expect(out.stdout).toContain('belongs to team ledger');
  });

  it('exits 1 with the snippet to add when nobody owns it', async () => {
    const out = await runOwnerCommand({ query: 's3://unclaimed-bucket', registryText });
    expect(out.exitCode).toBe(OWNER_EXIT.none);
    expect(out.stderr).toBe('');
    expect(out.stdout).toContain('Nobody owns S3 bucket unclaimed-bucket');
    expect(out.stdout).toContain('    arn: "arn:aws:s3:::unclaimed-bucket"\n    team: "your-team"');
  });

  it('works with no registry at all', async () => {
    const out = await runOwnerCommand({ query: 'unclaimed-bucket' });
    expect(out.exitCode).toBe(1);
  });

  it('exits 2 with the CLI usage for a bad query', async () => {
    const out = await runOwnerCommand({ query: 'i-0a11b2', registryText });
    expect(out).toEqual({
      stdout: '',
      stderr: expect.stringContaining(`instance ids are i- followed by 8 or 17 hex digits`),
      exitCode: OWNER_EXIT.badInput,
    });
    expect(out.stderr).toContain(`Usage: ${OWNER_CLI_USAGE}\n`);
  });

  it.each([
    [{ accountId: '4821' }, '--account "4821" is not a 12-digit AWS account id'],
    [{ region: 'Ireland' }, '--region "Ireland" is not an AWS region'],
  ])('exits 2 for bad flags %j', async (flags, message) => {
    const out = await runOwnerCommand({ query: 'ledger-exports', ...flags });
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toContain(message);
  });

  it('exits 2 and lists every owners.yaml problem with its line and fix', async () => {
    const out = await runOwnerCommand({
      query: 'ledger-exports',
      registryText: 'rules:\n  - team: a\n  - resource: b\n    teem: x\n',
      registrySource: 'ops/owners.yaml',
    });
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toBe(
      [
        'ops/owners.yaml is invalid:',
        '  - rules[0] (line 2): says nothing to match: give at least one of arn, resource, account or tags',
        '  - rules[1].team (line 3): is missing',
        '  - rules[1].teem (line 4): unknown field "teem"',
        '      fix: rule fields are name, arn, resource, account, tags, team, channel, userGroup, escalationContact',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['{not json', 'tags file is not valid JSON'],
    ['[]', '(top level): must be a JSON object mapping an ARN or resource id to its tags'],
    ['{"arn:aws:s3:::x": {"Team": 5}}', '["arn:aws:s3:::x"].Team: tag values must be strings'],
    ['{"ResourceTagMappingList": [{"Tags": []}]}', 'ResourceTagMappingList[0].ResourceARN'],
  ])('exits 2 for a bad tags file %j', async (text, message) => {
    const out = await runOwnerCommand({ query: 'ledger-exports', tagsJson: text });
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toContain(message);
  });
});
