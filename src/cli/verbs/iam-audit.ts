import { readFile } from 'node:fs/promises';
import type { RawIamInventory } from '../../aws/iam/port.js';
import { loadActionCatalog } from '../../iam/catalog/action-catalog.js';
import { parseInventory } from '../../iam/inventory/parse.js';
import { parseServiceControlPolicies } from '../../iam/inventory/service-control-policies.js';
import { SEVERITIES, type Severity } from '../../iam/model.js';
import { renderReportCsv, renderReportJson, renderReportText } from '../../iam/output/render.js';
import { runAudit } from '../../iam/run-audit.js';
import { InputError, toUserMessage } from '../../platform/errors.js';
import { type CliIO, ExitCode } from '../io.js';
import type { CliVerb } from '../verb.js';

/**
 * `watchkeeper audit`: the access review of `/access-review`, from files the AWS CLI writes, with
 * no Slack, Redis or AWS access. Exits 0 whatever it finds, unless `--fail-on` names a severity
 * (then 3 when a finding at or above it exists), so CI pipelines can gate on it.
 */
const FORMATS = ['text', 'json', 'csv'] as const;

/**
 * The account-wide lists some checks need (root and user hardware MFA, server certificates, SAML
 * providers), each the AWS CLI's JSON output or a bare list. Without one, its checks are reported
 * as "not supplied", never as passed.
 */
const ACCOUNT_LISTS = [
  {
    key: 'virtualMfaDevices',
    flag: '--virtual-mfa-devices <file>',
    what: 'virtual MFA devices',
    help: 'output of `aws iam list-virtual-mfa-devices --assignment-status Assigned`',
  },
  {
    key: 'serverCertificates',
    flag: '--server-certificates <file>',
    what: 'server certificates',
    help: 'output of `aws iam list-server-certificates`',
  },
  {
    key: 'samlProviders',
    flag: '--saml-providers <file>',
    what: 'SAML providers',
    help: 'output of `aws iam list-saml-providers`',
  },
] as const;

async function readJson(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${what} ${path} is not JSON: ${(error as Error).message}`);
  }
}

export const iamAuditVerb: CliVerb = {
  name: 'audit',
  description:
    'IAM access review from `aws iam get-account-authorization-details` output (no Slack, Redis or AWS needed)',
  configure(command) {
    command.requiredOption('--auth-details <file>', 'output of `aws iam get-account-authorization-details`');
    command.option(
      '--credential-report <file>',
      'the credential report CSV (`aws iam get-credential-report`, Content base64-decoded)',
    );
    command.option(
      '--password-policy <file>',
      'output of `aws iam get-account-password-policy` (or the JSON `null` for none)',
    );
    command.option('--account-summary <file>', 'output of `aws iam get-account-summary`');
    for (const list of ACCOUNT_LISTS) command.option(list.flag, list.help);
    command.option(
      '--scps <file>',
      'the service control policies that apply to the account: `aws organizations describe-policy` output, or a list of them',
    );
    command.option('--now <iso-date>', 'judge ages as of this time (default: now)');
    command.option('--scope <scope>', 'account, user:NAME or role:NAME', 'account');
    command.option('--format <format>', 'text, json or csv', 'text');
    command.option('--fail-on <severity>', 'exit 3 when a finding at or above this severity exists');
  },
  async run(io: CliIO, _args, options) {
    const format = String(options.format);
    if (!(FORMATS as readonly string[]).includes(format)) {
      io.stderr.write(`--format must be one of ${FORMATS.join(', ')}, got "${format}"\n`);
      return ExitCode.BadInput;
    }
    const failOn = options.failOn === undefined ? undefined : String(options.failOn);
    if (failOn !== undefined && !(SEVERITIES as readonly string[]).includes(failOn)) {
      io.stderr.write(`--fail-on must be one of ${SEVERITIES.join(', ')}, got "${failOn}"\n`);
      return ExitCode.BadInput;
    }
    const now = options.now === undefined ? io.now() : new Date(String(options.now));
    if (Number.isNaN(now.getTime())) {
      io.stderr.write(`--now must be an ISO-8601 date, got "${String(options.now)}"\n`);
      return ExitCode.BadInput;
    }
    const progress = (text: string) => {
      if (io.stderrIsTTY) io.stderr.write(`${text}\n`);
    };
    try {
      progress(`reading ${String(options.authDetails)}…`);
      const summaryFile =
        options.accountSummary === undefined
          ? undefined
          : await readJson(String(options.accountSummary), 'account summary');
      const raw: RawIamInventory = {
        collectedAt: now.toISOString(),
        authorizationDetails: await readJson(String(options.authDetails), 'authorization details'),
        ...(options.credentialReport === undefined
          ? {}
          : { credentialReportCsv: await readCredentialReport(String(options.credentialReport)) }),
        ...(options.passwordPolicy === undefined
          ? {}
          : { passwordPolicy: await readJson(String(options.passwordPolicy), 'password policy') }),
        ...(summaryFile === undefined ? {} : { summary: summaryMap(summaryFile) }),
      };
      const listRaw: Partial<Record<(typeof ACCOUNT_LISTS)[number]['key'], unknown>> = {};
      const listSources: Partial<Record<(typeof ACCOUNT_LISTS)[number]['key'], string>> = {};
      for (const list of ACCOUNT_LISTS) {
        const file = options[list.key];
        if (file === undefined) continue;
        listRaw[list.key] = await readJson(String(file), list.what);
        listSources[list.key] = String(file);
      }
      const inventory = parseInventory(
        { ...raw, ...listRaw },
        {
          ...listSources,
          authorizationDetails: String(options.authDetails),
          ...(options.credentialReport === undefined
            ? {}
            : { credentialReport: String(options.credentialReport) }),
          ...(options.passwordPolicy === undefined ? {} : { passwordPolicy: String(options.passwordPolicy) }),
          ...(options.accountSummary === undefined ? {} : { summary: String(options.accountSummary) }),
        },
      );
      // SCPs only take away: with them, a Deny or a missing Allow there clears a finding.
      const scps =
        options.scps === undefined
          ? undefined
          : parseServiceControlPolicies(
              await readJson(String(options.scps), 'service control policies'),
              `service control policies (${String(options.scps)})`,
            );
      progress(`analysing ${inventory.users.length + inventory.roles.length} principals…`);
      const report = runAudit(scps ? { ...inventory, serviceControlPolicies: scps } : inventory, {
        catalog: await loadActionCatalog(),
        now,
        scope: String(options.scope),
      });
      io.stdout.write(
        format === 'json'
          ? renderReportJson(report)
          : format === 'csv'
            ? renderReportCsv(report)
            : renderReportText(report),
      );
      if (failOn) {
        const limit = SEVERITIES.indexOf(failOn as Severity);
        if (report.findings.some((f) => SEVERITIES.indexOf(f.severity) <= limit))
          return ExitCode.FindingsAtOrAbove;
      }
      return ExitCode.Ok;
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      io.stderr.write(`${toUserMessage(error)}\n`);
      return ExitCode.BadInput;
    }
  },
};

/** `aws iam get-credential-report` prints JSON with base64 Content; a plain CSV file is taken as is. */
async function readCredentialReport(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read credential report ${path}: ${(error as Error).message}`);
  }
  if (!text.trimStart().startsWith('{')) return text;
  try {
    const content = (JSON.parse(text) as { Content?: unknown }).Content;
    if (typeof content === 'string') return Buffer.from(content, 'base64').toString('utf8');
  } catch {
    // fall through to the error below
  }
  throw new InputError(
    `credential report ${path} is neither a CSV nor get-credential-report JSON with Content`,
  );
}

function summaryMap(value: unknown): Record<string, number> {
  const map =
    typeof value === 'object' && value !== null && 'SummaryMap' in value
      ? (value as { SummaryMap: unknown }).SummaryMap
      : value;
  return map as Record<string, number>;
}
