import { z } from 'zod';
import type { ServerCertificate } from '../model.js';
import { isoTimeField } from './dates.js';
import { listedItems } from './listed-parts.js';

/** `ListServerCertificates`' metadata: the certificates IAM stores for load balancers and CloudFront. */
const certificate = z.object({
  ServerCertificateName: z.string().min(1),
  Arn: z.string().min(1),
  Expiration: isoTimeField,
  UploadDate: isoTimeField.optional(),
});

export function parseServerCertificates(input: unknown, source = 'server certificates'): ServerCertificate[] {
  return listedItems(
    input,
    'ServerCertificateMetadataList',
    certificate,
    source,
    '`aws iam list-server-certificates` output',
  ).map((c) => ({
    name: c.ServerCertificateName,
    arn: c.Arn,
    expiration: c.Expiration,
    ...(c.UploadDate ? { uploadDate: c.UploadDate } : {}),
  }));
}
