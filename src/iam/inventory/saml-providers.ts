import { z } from 'zod';
import type { SamlProvider } from '../model.js';
import { isoTimeField } from './dates.js';
import { listedItems } from './listed-parts.js';

/** `ListSAMLProviders`: the account's SAML identity providers and until when their metadata is valid. */
const provider = z.object({
  Arn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:saml-provider\/./, 'a SAML provider ARN'),
  ValidUntil: isoTimeField.optional(),
  CreateDate: isoTimeField.optional(),
});

export function parseSamlProviders(input: unknown, source = 'SAML providers'): SamlProvider[] {
  return listedItems(input, 'SAMLProviderList', provider, source, '`aws iam list-saml-providers` output').map(
    (p) => ({
      name: p.Arn.slice(p.Arn.indexOf(':saml-provider/') + ':saml-provider/'.length),
      arn: p.Arn,
      ...(p.ValidUntil ? { validUntil: p.ValidUntil } : {}),
      ...(p.CreateDate ? { createDate: p.CreateDate } : {}),
    }),
  );
}
