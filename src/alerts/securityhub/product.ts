import { cleanText, firstText } from '../text.js';
import type { AsffFinding } from './schema.js';

/**
 * Which product produced a Security Hub finding, from its ProductArn
 * (`arn:aws:securityhub:<region>::product/<company>/<product>`), and the finding's type as that
 * product names it: the part runbooks and grouping key on.
 */

export const ASFF_PRODUCTS = [
  'guardduty',
  'inspector',
  'macie',
  'access-analyzer',
  'config',
  'securityhub',
  'third-party',
] as const;
export type AsffProduct = (typeof ASFF_PRODUCTS)[number];

/** AWS product slugs in ProductArn; anything else (another company, or an AWS product not listed) is third-party. */
const AWS_PRODUCTS: Readonly<Record<string, AsffProduct>> = {
  guardduty: 'guardduty',
  inspector: 'inspector',
  macie: 'macie',
  'access-analyzer': 'access-analyzer',
  config: 'config',
  securityhub: 'securityhub',
};

function productArnParts(arn: string): { company?: string | undefined; product?: string | undefined } {
  const match = /:product\/([^/]+)\/([^/]+)/.exec(arn);
  return match ? { company: match[1], product: match[2] } : {};
}

export function productOf(finding: Pick<AsffFinding, 'ProductArn'>): AsffProduct {
  const { company, product } = productArnParts(finding.ProductArn);
  if (company !== 'aws' || product === undefined) return 'third-party';
  return Object.hasOwn(AWS_PRODUCTS, product) ? (AWS_PRODUCTS[product] ?? 'third-party') : 'third-party';
}

/** "GuardDuty", "Inspector", "CrowdStrike Falcon": who to name on the card. */
export function productName(
  finding: Pick<AsffFinding, 'ProductArn' | 'ProductName' | 'CompanyName' | 'ProductFields'>,
): string {
  const { company, product } = productArnParts(finding.ProductArn);
  const name = firstText(
    finding.ProductName,
    finding.ProductFields?.['aws/securityhub/ProductName'],
    product,
  );
  const owner = firstText(
    finding.CompanyName,
    finding.ProductFields?.['aws/securityhub/CompanyName'],
    company,
  );
  if (name === undefined) return 'Security Hub';
  return owner === undefined || owner === 'AWS' || owner === 'aws' || owner === 'Amazon'
    ? name
    : `${owner} ${name}`;
}

/**
 * GuardDuty writes its type into ASFF as the last part of `Types[0]`, with the `/` after the
 * resource turned into `-` (`TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce`);
 * this gives back `UnauthorizedAccess:EC2/SSHBruteForce`, the type the direct path uses.
 */
export function guardDutyTypeOf(types: readonly string[] | null | undefined): string | undefined {
  for (const type of types ?? []) {
    const last = cleanText(type.split('/').pop());
    const match = last && /^([A-Za-z0-9]+:[A-Za-z0-9]+)-(.+)$/.exec(last);
    if (match) return `${match[1]}/${match[2]}`;
  }
  return undefined;
}

/** `arn:aws:guardduty:<region>:<account>:detector/<detector>/finding/<id>` -> `<id>`. */
export function guardDutyFindingId(finding: Pick<AsffFinding, 'Id' | 'ProductFields'>): string | undefined {
  const fromId = /\/finding\/([^/]+)$/.exec(finding.Id)?.[1];
  return fromId ?? cleanText(finding.ProductFields?.['aws/guardduty/service/findingId']);
}

/** The control id (`IAM.9`) of a Security Hub CSPM control finding. */
export function controlIdOf(finding: AsffFinding): string | undefined {
  const generator = cleanText(finding.GeneratorId);
  const fromGenerator = generator?.startsWith('security-control/')
    ? generator.slice('security-control/'.length)
    : undefined;
  return firstText(finding.Compliance?.SecurityControlId, finding.ProductFields?.ControlId, fromGenerator);
}

/** The finding type as its product names it; the alert's `type`. */
export function findingTypeOf(finding: AsffFinding, product: AsffProduct): string {
  const firstType = firstText(...(finding.Types ?? []));
  switch (product) {
    case 'guardduty':
      return guardDutyTypeOf(finding.Types) ?? firstType ?? finding.Title;
    case 'securityhub':
      return controlIdOf(finding) ?? firstText(finding.GeneratorId) ?? finding.Title;
    case 'config':
      return (
        firstText(finding.ProductFields?.['aws/config/ConfigRuleName'], finding.GeneratorId) ?? finding.Title
      );
    default:
      return firstType ?? firstText(finding.GeneratorId) ?? finding.Title;
  }
}
