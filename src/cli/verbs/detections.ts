import { Option } from 'commander';
import { loadDetectionCatalog } from '../../alerts/detections/catalog-loader.js';
import { runDetectionsTest } from '../../alerts/detections/detections-test.js';
import { formatInstallPlan } from '../../alerts/detections/install-dry-run.js';
import { planDetectionInstall } from '../../alerts/detections/install-plan.js';
import { executeDetectionInstall, sdkDetectionInstallClients } from '../../aws/logs/detection-install.js';
import { InputError, toUserMessage } from '../../platform/errors.js';
import { type CliIO, ExitCode } from '../io.js';
import { readFileArg } from '../offline.js';
import type { CliVerb } from '../verb.js';

export const detectionsVerb: CliVerb = {
  name: 'detections',
  description:
    'The CIS CloudTrail detections: test events against them, or install their metric filters and alarms',
  subcommands: [
    {
      name: 'test',
      description:
        'Print which detections a CloudTrail event (JSON object, EventBridge event, log file, or JSON lines) matches',
      configure(command) {
        command.argument('<file>', 'a file, or - for stdin');
        command.addOption(
          new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
        );
      },
      async run(io: CliIO, [file], options) {
        const out = runDetectionsTest(
          await readFileArg(String(file), io),
          await loadDetectionCatalog(),
          options.format as 'text' | 'json',
        );
        io.stdout.write(out.stdout);
        io.stderr.write(out.stderr);
        return out.exitCode === 0 ? ExitCode.Ok : ExitCode.BadInput;
      },
    },
    {
      name: 'install',
      description:
        'Create the CIS metric filters (CloudWatch Logs) and alarms (CloudWatch) in the current AWS account and region',
      configure(command) {
        command.requiredOption('--log-group <name>', 'the CloudWatch Logs log group CloudTrail delivers to');
        command.requiredOption(
          '--sns-topic <arn>',
          'the SNS topic the alarms notify (subscribed to /intake/sns)',
        );
        command.option('--namespace <namespace>', 'metric namespace for every filter');
        command.option('--region <region>', 'AWS region (default: the SDK default chain)');
        command.option('--dry-run', 'print the calls it would make and send nothing');
      },
      async run(io: CliIO, _args, options) {
        let plan: ReturnType<typeof planDetectionInstall>;
        try {
          plan = planDetectionInstall({
            catalog: await loadDetectionCatalog(),
            logGroup: String(options.logGroup),
            snsTopicArn: String(options.snsTopic),
            ...(options.namespace ? { namespace: String(options.namespace) } : {}),
          });
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          io.stderr.write(`${error.message}\n`);
          return ExitCode.BadInput;
        }
        if (options.dryRun) {
          io.stdout.write(`${formatInstallPlan(plan)}\n`);
          return ExitCode.Ok;
        }
        try {
          const result = await executeDetectionInstall(
            plan,
            sdkDetectionInstallClients(options.region ? String(options.region) : undefined),
          );
          io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
          return ExitCode.Ok;
        } catch (error) {
          io.stderr.write(`${toUserMessage(error)}\n`);
          return ExitCode.Failure;
        }
      },
    },
  ],
};
