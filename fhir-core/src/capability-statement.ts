import { RESOURCE_TYPES } from './search-parameters';

export interface SmartEndpoints {
  readonly authorize: string;
  readonly token: string;
}

/** The CapabilityStatement: exactly the types, search parameters and includes the search engine supports. */
export function buildCapabilityStatement(options: {
  readonly fhirBase: string;
  readonly writable: boolean;
  readonly smart?: SmartEndpoints;
  readonly date: string;
}): fhir4.CapabilityStatement {
  const interactions: fhir4.CapabilityStatementRestResourceInteraction['code'][] = ['read', 'search-type'];
  if (options.writable) interactions.push('create', 'update', 'delete');
  const security: fhir4.CapabilityStatementRestSecurity | undefined = options.smart
    ? {
        service: [
          {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' },
            ],
          },
        ],
        extension: [
          {
            url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
            extension: [
              { url: 'authorize', valueUri: options.smart.authorize },
              { url: 'token', valueUri: options.smart.token },
            ],
          },
        ],
      }
    : undefined;
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: options.date,
    kind: 'instance',
    software: { name: 'Tachywatch sandbox FHIR server (development only)' },
    implementation: { description: 'Offline development sandbox', url: options.fhirBase },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    instantiates: ['http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data'],
    rest: [
      {
        mode: 'server',
        ...(security ? { security } : {}),
        interaction: options.writable ? [{ code: 'transaction' }, { code: 'batch' }] : [],
        // Bulk Data Access: system, Patient and Group level $export (see bulk-export.ts).
        operation: ['export', 'patient-export', 'group-export'].map((name) => ({
          name: 'export',
          definition: `http://hl7.org/fhir/uv/bulkdata/OperationDefinition/${name}`,
        })),
        resource: RESOURCE_TYPES.map((def) => ({
          type: def.type,
          interaction: interactions.map((code) => ({ code })),
          searchInclude: def.includes.map((include) => include.value),
          searchParam: def.params.map((param) => ({
            name: param.name,
            type: param.type,
            documentation: param.documentation,
          })),
        })),
      },
    ],
  };
}
