import { describe, expect, it } from 'vitest';
import { createStaticResourceTagsPort } from '../../src/aws/tagging/static.js';
import { formatOwnerAnswer } from '../../src/ownership/answer.js';
import { parseOwnerQuery } from '../../src/ownership/query.js';
import { emptyOwnersRegistry, parseOwnersRegistry } from '../../src/ownership/registry.js';
import { resolveOwner } from '../../src/ownership/resolver.js';
import { createSilentLogger } from '../../src/platform/log/logger.js';
import { escapeMrkdwn } from '../../src/slack/blocks/text.js';
import { fixture } from './fixtures.js';

const registry = parseOwnersRegistry(fixture('owners.yaml'));
const logger = createSilentLogger();

async function answerFor(query: string, tags: Record<string, Record<string, string>> = {}, mention = false) {
  const resolution = await resolveOwner(parseOwnerQuery(query), {
    registry,
    logger,
    tags: createStaticResourceTagsPort(tags),
    context: { accountId: '048213396712', region: 'eu-west-1' },
  });
  return {
    mrkdwn: formatOwnerAnswer(resolution, { format: 'mrkdwn', mentionUserGroup: mention }),
    plain: formatOwnerAnswer(resolution, { format: 'plain' }),
  };
}

describe('escapeMrkdwn', () => {
  it('escapes the three characters Slack reserves, ampersand first', () => {
    expect(escapeMrkdwn('<!channel> & <@U123|x> &amp;')).toBe(
      '&lt;!channel&gt; &amp; &lt;@U123|x&gt; &amp;amp;',
    );
  });
});

describe('formatOwnerAnswer: what a pasted name is read as', () => {
  it('answers a role name as the role, never as a bucket of that name', async () => {
    const { plain } = await answerFor('web-app-role', { 'role/web-app-role': { Team: 'web' } });
    expect(plain).not.toMatch(/bucket web-app-role/);
    expect(plain.split('\n')[0]).toBe('IAM role web-app-role belongs to team web');
    expect(plain).toContain(
      'Read "web-app-role" as an IAM role. It could also name an IAM user or an S3 bucket: ask for user/web-app-role or s3://web-app-role.',
    );
  });

  it('when no kind answers, says which kinds it tried and claims none of them', async () => {
    const resolution = await resolveOwner(parseOwnerQuery('web-app-role'), {
      registry: emptyOwnersRegistry(),
      logger,
      context: { accountId: '551200098765' },
    });
    const plain = formatOwnerAnswer(resolution, { format: 'plain' });
    expect(plain).toContain('Nobody owns web-app-role as far as Watchkeeper can tell.');
    expect(plain).toContain(
      'Tried "web-app-role" as an IAM role, an IAM user and an S3 bucket: none has an owner tag or an owners.yaml rule.',
    );
    expect(plain).not.toMatch(/S3 bucket web-app-role|IAM role web-app-role/);
  });

  it('names kinds from an ARN as AWS does: EC2 instance, not Ec2 instance', async () => {
    const { plain } = await answerFor('arn:aws:ec2:eu-west-1:048213396712:instance/i-0a11b22c33d44e55f', {
      'arn:aws:ec2:eu-west-1:048213396712:instance/i-0a11b22c33d44e55f': { Team: 'ledger' },
    });
    expect(plain.split('\n')[0]).toBe('EC2 instance i-0a11b22c33d44e55f belongs to team ledger');
    const group = await answerFor('arn:aws:ec2:eu-west-1:048213396712:security-group/sg-0abc1234', {
      'arn:aws:ec2:eu-west-1:048213396712:security-group/sg-0abc1234': { Team: 'ledger' },
    });
    expect(group.plain.split('\n')[0]).toBe('EC2 security group sg-0abc1234 belongs to team ledger');
  });

  it('recognises an access key id and says how to find its user', async () => {
    const { plain } = await answerFor('AKIAIOSFODNN7EXAMPLE');
    expect(plain).toContain('Access key AKIAIOSFODNN7EXAMPLE');
    expect(plain).toContain('An access key belongs to an IAM user');
    expect(plain).not.toContain('tag the resource');
  });
});

describe('formatOwnerAnswer', () => {
  it('says who owns it, how to reach them, and which rule said so', async () => {
    const { mrkdwn, plain } = await answerFor('ledger-exports');
    expect(plain.split('\n')).toEqual([
      'S3 bucket ledger-exports belongs to team ledger',
      'Channel: #ledger-oncall',
      'User group: S07LEDGER22',
      'Escalation: ledger-lead@corp.example',
      'ARN: arn:aws:s3:::ledger-exports',
      'Source: owners.yaml rule 2 (ledger data) matched arn arn:aws:s3:::ledger-*',
      'Read "ledger-exports" as an S3 bucket. It could also name an IAM role or an IAM user: ask for role/ledger-exports or user/ledger-exports.',
    ]);
    expect(mrkdwn).toContain('*S3 bucket ledger-exports* belongs to team *ledger*');
    expect(mrkdwn).toContain('ARN: `arn:aws:s3:::ledger-exports`');
  });

  it('names the tag key and value when a tag answered', async () => {
    const { plain } = await answerFor('media-uploads-eu', {
      'arn:aws:s3:::media-uploads-eu': { Team: 'ledger' },
    });
    expect(plain).toContain(
      'Source: tag Team=ledger on the resource (read from AWS): team "ledger" in owners.yaml',
    );
  });

  it('names the account default when it answered', async () => {
    const { plain } = await answerFor('unclaimed-bucket');
    expect(plain).toContain('Source: default team of account 048213396712 (core-prod) in owners.yaml');
  });

  it('links channel ids, and mentions a user group only when asked to', async () => {
    const quiet = await answerFor('media-uploads-eu', {
      'arn:aws:s3:::media-uploads-eu': { Team: 'ledger' },
    });
    expect(quiet.mrkdwn).toContain('User group: S07LEDGER22');
    const loud = await answerFor(
      'media-uploads-eu',
      { 'arn:aws:s3:::media-uploads-eu': { Team: 'ledger' } },
      true,
    );
    expect(loud.mrkdwn).toContain('User group: <!subteam^S07LEDGER22>');
    const account = await answerFor('unclaimed-bucket');
    expect(account.mrkdwn).toContain('Channel: <#C09OBSERVE1>');
  });

  it('escapes untrusted tag values so they cannot ping or link', async () => {
    const { mrkdwn, plain } = await answerFor('media-uploads-eu', {
      'arn:aws:s3:::media-uploads-eu': { Owner: '<!channel> & <https://evil.example|ops>' },
    });
    expect(mrkdwn).toContain('*&lt;!channel&gt; &amp; &lt;https://evil.example|ops&gt;*');
    expect(mrkdwn).not.toContain('<!channel>');
    expect(plain).toContain('team <!channel> & <https://evil.example|ops>');
  });

  it('when nobody owns it, gives the exact owners.yaml snippet to add', async () => {
    const resolution = await resolveOwner(
      parseOwnerQuery('arn:aws:sns:eu-west-1:551200098765:orphan-topic'),
      {
        registry: emptyOwnersRegistry(),
        logger,
      },
    );
    const plain = formatOwnerAnswer(resolution, { format: 'plain' });
    expect(plain).toContain('Nobody owns SNS topic orphan-topic');
    expect(plain).toContain(
      'Checked: no owner tag (Owner, Team, owner, team), no matching rule in owners.yaml',
    );
    const snippet = plain.slice(plain.indexOf('rules:'));
    expect(snippet).toBe(
      [
        'rules:',
        '  - name: "SNS topic orphan-topic"',
        '    arn: "arn:aws:sns:eu-west-1:551200098765:orphan-topic"',
        '    team: "your-team"',
        '    channel: "#your-team-channel"',
      ].join('\n'),
    );
    // The snippet is valid owners.yaml as it stands.
    const pasted = parseOwnersRegistry(snippet);
    expect(pasted.rules[0]?.owner.team).toBe('your-team');
  });

  it('puts the snippet in a code block, escaped, in mrkdwn', async () => {
    const resolution = await resolveOwner(parseOwnerQuery('551200098765'), {
      registry: emptyOwnersRegistry(),
      logger,
    });
    const mrkdwn = formatOwnerAnswer(resolution, { format: 'mrkdwn' });
    expect(mrkdwn).toContain(
      '```\naccounts:\n  "551200098765":\n    alias: "your-account-alias"\n    defaultTeam: "your-team"\n```',
    );
    expect(mrkdwn).toContain('To record an owner, add this to owners.yaml:');
  });

  it('suggests a resource name and account for an instance without an ARN', async () => {
    const resolution = await resolveOwner(parseOwnerQuery('i-0a11b22c'), {
      registry: emptyOwnersRegistry(),
      logger,
      context: { accountId: '551200098765' },
    });
    const mrkdwn = formatOwnerAnswer(resolution, { format: 'mrkdwn' });
    expect(mrkdwn).toContain('tag the resource with Owner=&lt;team&gt;, or add this');
    expect(mrkdwn).toContain('    resource: "i-0a11b22c"\n    account: "551200098765"');
  });

  it('lists resources found for a tag query, and how many more there are', async () => {
    const many = Object.fromEntries(
      Array.from({ length: 23 }, (_, i) => [`arn:aws:s3:::ledger-part-${i}`, { Team: 'ledger' }]),
    );
    const { plain } = await answerFor('Team=ledger', many);
    expect(plain).toContain('Resources tagged Team=ledger belong to team ledger');
    expect(plain).toContain('Resources with this tag (23):');
    expect(plain).toContain('• arn:aws:s3:::ledger-part-19\n…and 3 more');
  });
});
