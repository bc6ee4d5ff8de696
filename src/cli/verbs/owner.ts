import { runOwnerCommand } from '../../ownership/command.js';
import type { CliIO, ExitCode } from '../io.js';
import { readTextFile } from '../offline.js';
import type { CliVerb } from '../verb.js';

/** Inputs above this size get progress lines on a terminal: parsing them takes a noticeable while. */
export const LARGE_INPUT_BYTES = 512 * 1024;

export const ownerVerb: CliVerb = {
  name: 'owner',
  description:
    'Who owns a resource: tags, then the owners registry, then the account default (no Slack or AWS needed)',
  configure(command) {
    command.argument(
      '<query>',
      'ARN, instance id, bucket (or s3://BUCKET), role or user name (or role/NAME, user/NAME), access key id, account id, or TAG=VALUE',
    );
    command.option('--registry <file>', 'owners.yaml (see deploy/owners.example.yaml)');
    command.option(
      '--tags <file>',
      'resource tags as JSON: {ARN or id: {Key: Value}} or `aws resourcegroupstaggingapi get-resources` output',
    );
    command.option('--account <id>', 'account id, to turn an instance id into an ARN');
    command.option('--region <region>', 'region, to turn an instance id into an ARN');
  },
  async run(io: CliIO, [query], options) {
    const read = async (flag: string): Promise<string | undefined> => {
      const path = options[flag];
      return typeof path === 'string' ? readTextFile(path) : undefined;
    };
    // A missing or unreadable file is reported by the CLI as one line, exit 2 (../failure.ts).
    const registryText = await read('registry');
    const tagsJson = await read('tags');
    const large = [
      [String(options.registry), registryText],
      [String(options.tags), tagsJson],
    ].filter((entry): entry is [string, string] => (entry[1]?.length ?? 0) > LARGE_INPUT_BYTES);
    if (io.stderrIsTTY && large.length > 0) {
      for (const [path, text] of large)
        io.stderr.write(`reading ${path} (${(text.length / 1024 / 1024).toFixed(1)} MB)…\n`);
      io.stderr.write(`resolving the owner of ${String(query)}…\n`);
    }
    const out = await runOwnerCommand({
      query: String(query),
      ...(registryText !== undefined ? { registryText, registrySource: String(options.registry) } : {}),
      ...(tagsJson !== undefined ? { tagsJson, tagsSource: String(options.tags) } : {}),
      ...(typeof options.account === 'string' ? { accountId: options.account } : {}),
      ...(typeof options.region === 'string' ? { region: options.region } : {}),
    });
    io.stdout.write(out.stdout);
    io.stderr.write(out.stderr);
    return out.exitCode as ExitCode;
  },
};
