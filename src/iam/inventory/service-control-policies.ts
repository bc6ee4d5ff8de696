import { z } from 'zod';
import { InputError, type Problem } from '../../platform/errors.js';
import { formatPath } from '../../platform/format-path.js';
import { zodProblems } from '../../platform/zod-problems.js';
import type { ServiceControlPolicy } from '../model.js';
import { parsePolicyDocument } from './policy-document.js';

/**
 * The SCPs that apply to an account (`watchkeeper audit --scps FILE`), in the shapes the AWS CLI
 * prints: `aws organizations describe-policy` output (`{ "Policy": { "PolicySummary": { "Name" },
 * "Content": "<JSON text>" } }`), its `Policy` object, or `{ "Name", "Document" }`; one of them or
 * a list. All of them are taken to apply to the account (list the SCPs of the account, its OUs
 * and the root, as `aws organizations list-policies-for-target` names them). `{ "Name",
 * "Document", "Target" }` (what the SDK port reads from Organizations) also says where each is
 * attached, and then every level must allow a request, as AWS evaluates them.
 */

const summary = z.object({ Name: z.string().min(1) });
const organizationsPolicy = z.object({ PolicySummary: summary, Content: z.string() });
const entry = z.union([
  z
    .object({ Policy: organizationsPolicy })
    .transform((e) => ({ name: e.Policy.PolicySummary.Name, content: e.Policy.Content as unknown })),
  organizationsPolicy.transform((e) => ({ name: e.PolicySummary.Name, content: e.Content as unknown })),
  z
    .object({ Name: z.string().min(1), Document: z.unknown(), Target: z.string().min(1).optional() })
    .transform((e) => ({ name: e.Name, content: e.Document, ...(e.Target ? { target: e.Target } : {}) })),
]);
const file = z.union([entry.transform((e) => [e]), z.array(entry).min(1, 'lists no policy')]);

export function parseServiceControlPolicies(
  input: unknown,
  source = 'service control policies',
): ServiceControlPolicy[] {
  const parsed = file.safeParse(input);
  if (!parsed.success)
    throw new InputError(
      `${source} are not SCPs: expected \`aws organizations describe-policy\` output (or a list of them), or {"Name", "Document"} objects`,
      zodProblems(parsed.error),
    );
  const problems: Problem[] = [];
  const policies = parsed.data.map((p, i): ServiceControlPolicy => {
    const document = parsePolicyDocument(p.content);
    const target = 'target' in p && typeof p.target === 'string' ? { target: p.target } : {};
    if (document.ok) return { name: p.name, document: document.document, ...target };
    for (const problem of document.problems)
      problems.push({ path: formatPath([i, p.name, ...problem.path]), message: problem.message });
    return { name: p.name, document: { Statement: [] } };
  });
  if (problems.length) throw new InputError(`${source} are not valid`, problems);
  return policies;
}
