/**
 * Typed builders for reader tests (not used by product code). Each returns a minimal valid FHIR R4 resource that a
 * test then varies one field at a time.
 */
export const PATIENT_ID = 'p1';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';
export const ATC = 'http://www.whocc.no/atc';
export const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';

export const SUBJECT = { reference: `Patient/${PATIENT_ID}` };

export function buildPatient(overrides: Partial<fhir4.Patient> = {}): fhir4.Patient {
  return {
    resourceType: 'Patient',
    id: PATIENT_ID,
    birthDate: '1980-04-02',
    gender: 'female',
    name: [{ use: 'official', given: ['Ada'], family: 'Testpatient' }],
    ...overrides,
  };
}

export function rxnorm(code: string, display?: string): fhir4.CodeableConcept {
  return { coding: [{ system: RXNORM, code, ...(display ? { display } : {}) }] };
}

export function dailyDose(value: number, unit: string, timing?: fhir4.Timing): fhir4.Dosage {
  return {
    timing: timing ?? { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
    doseAndRate: [{ doseQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit } }],
  };
}

export function buildStatement(overrides: Partial<fhir4.MedicationStatement> = {}): fhir4.MedicationStatement {
  return {
    resourceType: 'MedicationStatement',
    id: 'ms1',
    status: 'active',
    subject: SUBJECT,
    medicationCodeableConcept: rxnorm('312941', 'sertraline 50 MG Oral Tablet'),
    effectivePeriod: { start: '2025-01-10' },
    dosage: [dailyDose(1, '{tbl}')],
    ...overrides,
  };
}

export function buildRequest(overrides: Partial<fhir4.MedicationRequest> = {}): fhir4.MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id: 'mr1',
    status: 'active',
    intent: 'order',
    subject: SUBJECT,
    authoredOn: '2025-01-10T09:30:00-05:00',
    medicationCodeableConcept: rxnorm('312941', 'sertraline 50 MG Oral Tablet'),
    dosageInstruction: [dailyDose(1, '{tbl}')],
    dispenseRequest: {
      numberOfRepeatsAllowed: 2,
      expectedSupplyDuration: { value: 30, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' },
    },
    ...overrides,
  };
}

export function buildDispense(overrides: Partial<fhir4.MedicationDispense> = {}): fhir4.MedicationDispense {
  return {
    resourceType: 'MedicationDispense',
    id: 'md1',
    status: 'completed',
    subject: SUBJECT,
    medicationCodeableConcept: rxnorm('312941', 'sertraline 50 MG Oral Tablet'),
    whenHandedOver: '2025-01-11',
    daysSupply: { value: 30, unit: 'd' },
    quantity: { value: 30, unit: '{tbl}' },
    authorizingPrescription: [{ reference: 'MedicationRequest/mr1' }],
    ...overrides,
  };
}

export function observation(
  id: string,
  code: string,
  date: string,
  value: Partial<fhir4.Observation>,
  extra: Partial<fhir4.Observation> = {}
): fhir4.Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    subject: SUBJECT,
    code: { coding: [{ system: LOINC, code }] },
    effectiveDateTime: date,
    ...value,
    ...extra,
  };
}

export const PHQ9_ITEM_CODES = [
  '44250-9',
  '44255-8',
  '44259-0',
  '44254-1',
  '44251-7',
  '44258-2',
  '44252-5',
  '44253-3',
  '44260-8',
] as const;

export const ANSWER_CODES = ['LA6568-5', 'LA6569-3', 'LA6570-1', 'LA6571-9'] as const;

export function bundle(
  resources: readonly fhir4.FhirResource[],
  type: fhir4.Bundle['type'] = 'searchset'
): fhir4.Bundle {
  return { resourceType: 'Bundle', type, entry: resources.map((resource) => ({ resource })) };
}

export function total(
  id: string,
  value: number,
  date: string,
  extra: Partial<fhir4.Observation> = {}
): fhir4.Observation {
  return observation(id, '44261-6', date, { valueQuantity: { value, unit: '{score}' } }, extra);
}
