import type { ServiceConfig } from '../config';
import { getAudiences } from '../middleware/require-client-jwt';
import { CDS_SERVICES } from '../services/registry';

export interface StartupSummary {
  /** Every JWT `aud` value the service accepts, exactly. */
  readonly audiences: readonly string[];
  readonly trustedIssuers: readonly string[];
  readonly allowedFhirServers: readonly string[];
}

/** What a tester needs to see at start to configure a CDS client against this service. */
export function describeStartup(config: ServiceConfig, publicBaseUrls: readonly string[]): StartupSummary {
  const paths = [
    '/cds-services',
    ...CDS_SERVICES.flatMap((service) => [`/cds-services/${service.id}`, `/cds-services/${service.id}/feedback`]),
  ];
  return {
    audiences: paths.flatMap((path) => getAudiences(publicBaseUrls, path).filter((aud) => !aud.endsWith('/'))),
    trustedIssuers: config.trustedClients.map((client) => client.iss),
    allowedFhirServers: config.allowedFhirServers,
  };
}
