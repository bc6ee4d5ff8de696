/** One Block Kit problem: where (a JSON pointer like Slack's) and which rule it broke. */
export interface BlockKitIssue {
  readonly pointer: string;
  readonly reason: string;
}

/** The line Slack puts in `response_metadata.messages`: `[ERROR] <reason> [json-pointer:/blocks/0/text]`. */
export function formatIssue(issue: BlockKitIssue): string {
  return `[ERROR] ${issue.reason} [json-pointer:${issue.pointer}]`;
}

export function tooLong(limit: number): string {
  return `must be less than ${limit + 1} characters`;
}
