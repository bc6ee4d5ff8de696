import type { CheckModule } from '../checks/check.js';
import type { CheckDefinition, Finding, SkippedCheck } from '../model.js';
import { daysSince, findingOf, unreadReason } from './define.js';

/**
 * What IAM keeps besides principals and policies that can go stale: server certificates (for
 * load balancers and CloudFront, from before ACM) and SAML providers' metadata.
 */

export const EXPIRED_SERVER_CERTIFICATE: CheckDefinition = {
  id: 'WK-IAM-CERT-1',
  area: 'certificates',
  title: 'Expired server certificate stored in IAM',
  severity: 'medium',
  cis: '1.18',
  securityHub: 'IAM.26',
  prowler: ['iam_no_expired_server_certificates_stored'],
  fix: 'Delete the expired certificate (aws iam delete-server-certificate) after checking nothing still uses it; prefer ACM, which renews.',
};
export const EXPIRED_SAML_PROVIDER: CheckDefinition = {
  id: 'WK-IAM-FED-1',
  area: 'federation',
  title: 'SAML provider metadata has expired',
  severity: 'medium',
  fix: 'Upload the identity provider’s current metadata document (aws iam update-saml-provider), or delete the provider if nobody signs in through it.',
};

export const certificateChecks: CheckModule = {
  definitions: [EXPIRED_SERVER_CERTIFICATE, EXPIRED_SAML_PROVIDER],
  run({ inventory, now }) {
    const findings: Finding[] = [];
    const skipped: SkippedCheck[] = [];
    const expired = (iso: string) => Date.parse(iso) <= now.getTime();
    if (inventory.serverCertificates) {
      for (const c of inventory.serverCertificates)
        if (expired(c.expiration))
          findings.push(
            findingOf(
              EXPIRED_SERVER_CERTIFICATE,
              { kind: 'certificate', name: c.name, arn: c.arn },
              `expired ${c.expiration.slice(0, 10)} (${daysSince(c.expiration, now)} days ago)${c.uploadDate ? `, uploaded ${c.uploadDate.slice(0, 10)}` : ''}`,
            ),
          );
    } else
      skipped.push({
        checkId: EXPIRED_SERVER_CERTIFICATE.id,
        reason: unreadReason(inventory, 'server certificates'),
      });
    if (inventory.samlProviders) {
      for (const p of inventory.samlProviders)
        if (p.validUntil && expired(p.validUntil))
          findings.push(
            findingOf(
              EXPIRED_SAML_PROVIDER,
              { kind: 'identity-provider', name: p.name, arn: p.arn },
              `SAML metadata valid until ${p.validUntil.slice(0, 10)} (${daysSince(p.validUntil, now)} days ago)`,
            ),
          );
    } else
      skipped.push({ checkId: EXPIRED_SAML_PROVIDER.id, reason: unreadReason(inventory, 'SAML providers') });
    return { findings, skipped };
  },
};
