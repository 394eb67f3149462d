import { randomUUID } from 'node:crypto';
import { remember, type EhrContext } from './ehr-context';
import { fetchPrefetch } from './prefetch';
import type { CdsMode, ShownCard } from './views';

/** The scopes of the token the EHR gives the CDS service as `fhirAuthorization` (read-only, one patient). */
export const CDS_SERVICE_SCOPE = [
  'Patient',
  'Observation',
  'MedicationRequest',
  'MedicationStatement',
  'MedicationDispense',
  'Medication',
  'Condition',
  'Procedure',
  'QuestionnaireResponse',
]
  .map((type) => `patient/${type}.rs`)
  .join(' ');
export const CDS_SERVICE_CLIENT_ID = 'tachywatch-cds-service';

export type HookName = 'patient-view' | 'order-select' | 'order-sign';

/** How the service gets its data: the EHR's prefetch, or a patient-scoped token for the FHIR server. */
async function buildDataAccess(
  context: EhrContext,
  prefetchTemplates: Record<string, string>,
  patientId: string,
  mode: CdsMode
): Promise<Record<string, unknown>> {
  const { deps } = context;
  if (mode === 'prefetch') {
    return {
      fhirServer: context.openBase(),
      prefetch: await fetchPrefetch(
        prefetchTemplates,
        { userId: deps.userId, patientId },
        context.openBase(),
        context.fetchImpl
      ),
    };
  }
  const token = await deps.auth.mintAccessToken({
    clientId: CDS_SERVICE_CLIENT_ID,
    scope: CDS_SERVICE_SCOPE,
    patient: patientId,
  });
  return {
    fhirServer: `${deps.getFhirOrigin()}/fhir`,
    fhirAuthorization: { ...token, subject: CDS_SERVICE_CLIENT_ID, patient: patientId },
  };
}

/** Calls every discovered service for the hook, as an EHR's backend does, and remembers the cards it shows. */
export async function callHook(
  context: EhrContext,
  hook: HookName,
  patientId: string,
  mode: CdsMode,
  extraContext: Record<string, unknown> = {}
): Promise<ShownCard[]> {
  const { deps } = context;
  const discovery = await deps.cds.fetchDiscovery();
  const shown: ShownCard[] = [];
  const hookContext = { userId: deps.userId, patientId, ...extraContext };
  for (const service of discovery.services.filter((candidate) => candidate.hook === hook)) {
    const request = {
      hookInstance: randomUUID(),
      hook,
      context: hookContext,
      ...(await buildDataAccess(context, service.prefetch ?? {}, patientId, mode)),
    };
    const response = await deps.cds.callService(service.id, request);
    for (const card of response.cards) {
      const item = { serviceId: service.id, card };
      if (card.uuid) remember(context.cards, card.uuid, { ...item, patientId });
      shown.push(item);
    }
  }
  return shown;
}
