/**
 * Code systems and the instrument/procedure codes the readers and queries use. Sources: LOINC (PHQ-9 panel
 * 44249-1 and items, LL358-3), VSAC "PHQ 9 and PHQ 9M Tools" (2.16.840.1.113883.3.67.1.101.1.263), CPT for TMS/ECT
 * (AMA CPT, tag K), HL7 PGx / Genomics Reporting for phenotype observations.
 */
export const SYSTEMS = {
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  atc: 'http://www.whocc.no/atc',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  cpt: 'http://www.ama-assn.org/go/cpt',
  hcpcs: 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
  ucum: 'http://unitsofmeasure.org',
} as const;

export const PHQ9_CODES = {
  total: '44261-6',
  teenTotal: '89204-2',
  panel: '44249-1',
  teenPanel: '89206-7',
  /** Items 1–9 in questionnaire order; item 9 (thoughts of self-harm) is 44260-8. */
  items: ['44250-9', '44255-8', '44259-0', '44254-1', '44251-7', '44258-2', '44252-5', '44253-3', '44260-8'],
  /** SNOMED CT observable "Patient Health Questionnaire Nine Item score", seen in public FHIR data. */
  snomedTotal: '720433000',
} as const;

/** Answer list LL358-3: answer code → item score. */
export const PHQ9_ANSWER_SCORES: Readonly<Record<string, number>> = {
  'LA6568-5': 0,
  'LA6569-3': 1,
  'LA6570-1': 2,
  'LA6571-9': 3,
};

export const TOBACCO_STATUS_CODE = '72166-2';

/**
 * Pregnancy status observations: LOINC 82810-3 "Pregnancy status" (US Core) and 11449-6 "Pregnancy status -
 * Reported", answered with SNOMED CT 77386006 Pregnant / 60001007 Not pregnant or LOINC LA15173-0 / LA26683-5 [K].
 */
export const PREGNANCY_STATUS = {
  codes: ['82810-3', '11449-6'],
  pregnantAnswers: ['77386006', 'LA15173-0'],
  notPregnantAnswers: ['60001007', 'LA26683-5'],
} as const;

/**
 * Thyroid function tests (LOINC): TSH 3016-3 (serum or plasma), 11580-8 (by detection limit ≤ 0.005 mIU/L),
 * 11579-0 (by detection limit ≤ 0.05 mIU/L); free T4 3024-7 (mass/volume) and 14920-3 (moles/volume).
 */
export const THYROID_LAB_CODES = {
  tsh: ['3016-3', '11580-8', '11579-0'],
  freeT4: ['3024-7', '14920-3'],
} as const;

/**
 * Pharmacogenomic phenotype observations: LOINC 53040-2 "Genetic variation's effect on drug metabolism"
 * (used for metaboliser phenotype), 79716-7 is not assumed. The gene is in a component or the code text.
 */
export const PGX_PHENOTYPE_CODES = ['53040-2', '79714-2'] as const;

/** CPT procedure codes: TMS 90867–90869, ECT 90870 (AMA CPT [K]), psychotherapy 90832–90838 and 90853 (group). */
export const PROCEDURE_CODES = {
  tms: ['90867', '90868', '90869'],
  ect: ['90870'],
  psychotherapy: ['90832', '90833', '90834', '90836', '90837', '90838', '90853'],
  esketamine: ['G2082', 'G2083'],
  /** SNOMED CT: 23835007 electroconvulsive therapy. */
  ectSnomed: ['23835007'],
} as const;
