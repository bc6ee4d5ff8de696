import type { DetectionInstallPlan } from '../../aws/logs/detection-install.js';

/** `detections install --dry-run`: the calls that would be made, in order, with their exact inputs. */
export function formatInstallPlan(plan: DetectionInstallPlan): string {
  const lines = [
    `Dry run: ${plan.metricFilters.length} CloudWatch Logs PutMetricFilter call(s) on log group ${plan.logGroup}, then ${plan.alarms.length} CloudWatch PutMetricAlarm call(s) notifying ${plan.snsTopicArn}. Nothing was sent.`,
    'IAM actions needed: logs:PutMetricFilter, cloudwatch:PutMetricAlarm.',
    '',
  ];
  for (const input of plan.metricFilters) {
    lines.push(`logs PutMetricFilter ${input.filterName}`, indent(JSON.stringify(input, null, 2)), '');
  }
  for (const input of plan.alarms) {
    lines.push(`cloudwatch PutMetricAlarm ${input.AlarmName}`, indent(JSON.stringify(input, null, 2)), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
