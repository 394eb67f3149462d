import type { ConfounderId } from '../domain/assessment';
import type { CitationId } from './citation-ids';

export interface ConfounderInfo {
  readonly id: ConfounderId;
  readonly label: string;
  readonly whatToCheck: string;
  /**
   * When present before the worsening, this confounder can explain it on its own (lower exposure to the drug), so the
   * finding is `explained` rather than possible tachyphylaxis: Targum 2014 (pseudo-tachyphylaxis from non-adherence)
   * and the interaction rules of the drug labels and CPIC; diagnoses and phenotypes stay annotations of a possible
   * finding.
   */
  readonly explainsWorsening: boolean;
  readonly citationIds: readonly CitationId[];
}

/**
 * What can make a loss of response look like tachyphylaxis (pseudo-tachyphylaxis: Targum 2014; interactions: the
 * labels, CPIC 2023), in the order the card lists them. The rules that decide present/absent/unknown are in
 * `analysis/confounders.ts`.
 */
export const CONFOUNDERS: readonly ConfounderInfo[] = [
  {
    id: 'adherence-gap',
    label: 'Refill gaps / non-adherence',
    whatToCheck: 'Ask about missed doses; check the pharmacy fill history.',
    explainsWorsening: true,
    citationIds: ['targum-2014', 'pqa-pdc'],
  },
  {
    id: 'not-taking',
    label: 'Recorded as not taken, on hold or stopped',
    whatToCheck: 'Ask whether the drug is being taken; reconcile the medication list.',
    explainsWorsening: true,
    citationIds: ['targum-2014', 'tachywatch-design'],
  },
  {
    id: 'dose-reduction',
    label: 'Dose reduced before the worsening',
    whatToCheck: 'Check why the dose was lowered and whether the worsening followed it.',
    explainsWorsening: true,
    citationIds: ['tachywatch-design', 'targum-2014'],
  },
  {
    id: 'formulation-change',
    label: 'Formulation change (IR ↔ ER)',
    whatToCheck: 'Check for a product or formulation switch shortly before the worsening.',
    explainsWorsening: true,
    citationIds: ['tachywatch-design'],
  },
  {
    id: 'cyp-inducer',
    label: 'CYP inducer started',
    whatToCheck: 'Review interacting drugs started recently; consider whether levels of the antidepressant fell.',
    explainsWorsening: true,
    citationIds: ['drug-labels'],
  },
  {
    id: 'smoking-cyp1a2',
    label: 'Smoking (CYP1A2 induction)',
    whatToCheck: 'Ask about starting or resuming smoking; smoking lowers levels of CYP1A2 substrates.',
    explainsWorsening: true,
    citationIds: ['drug-labels'],
  },
  {
    id: 'bipolar',
    label: 'Bipolar disorder recorded',
    whatToCheck: 'Reconsider the diagnosis; screen for hypomanic or manic episodes (e.g. MDQ).',
    explainsWorsening: false,
    citationIds: ['cms159', 'dold-kasper-2017'],
  },
  {
    id: 'psychotic',
    label: 'Psychotic disorder or features recorded',
    whatToCheck: 'Reconsider the diagnosis and treatment plan for psychotic features.',
    explainsWorsening: false,
    citationIds: ['cms159'],
  },
  {
    id: 'substance-use',
    label: 'Substance use disorder',
    whatToCheck: 'Ask about alcohol and drug use (e.g. AUDIT-C, DAST-10).',
    explainsWorsening: false,
    citationIds: ['star-d-2006', 'dold-kasper-2017'],
  },
  {
    id: 'hypothyroidism',
    label: 'Hypothyroidism',
    whatToCheck: 'Check TSH, especially with lithium.',
    explainsWorsening: false,
    citationIds: ['dold-kasper-2017', 'garber-2012-hypothyroidism'],
  },
  {
    id: 'pharmacogenomic',
    label: 'Pharmacogenomic phenotype',
    whatToCheck: 'Review the CPIC recommendation for this drug and phenotype; consider drug levels.',
    explainsWorsening: false,
    citationIds: ['cpic-2023-ssri', 'cpic-2017-tca'],
  },
  {
    id: 'depressogenic-drug',
    label: 'Depressogenic drug started',
    whatToCheck: 'Review recently started drugs that can lower mood (e.g. systemic corticosteroids, interferon-α).',
    explainsWorsening: false,
    citationIds: ['dold-kasper-2017', 'drug-labels'],
  },
  {
    id: 'perinatal',
    label: 'Pregnancy or postpartum',
    whatToCheck:
      'Consider postpartum onset and falling antidepressant levels late in pregnancy; review with obstetric care, without stopping treatment abruptly.',
    explainsWorsening: true,
    citationIds: ['acog-cpg-5-2023', 'sit-2008'],
  },
  {
    id: 'stressors',
    label: 'Recorded psychosocial stressors',
    whatToCheck:
      'Ask about new stressors (work, money, housing, family, bereavement); a stressor is context for the worsening, not proof it is not a loss of response.',
    explainsWorsening: false,
    citationIds: ['dold-kasper-2017', 'icd10cm-z55-z65', 'sdoh-clinicalcare-ig'],
  },
];

/** Phenotypes that make a pharmacogenomic explanation of lost response plausible (CPIC 2023 SSRI, CPIC 2017 TCA). */
export const PGX_ACTIONABLE_PHENOTYPES: readonly string[] = ['poor', 'rapid', 'ultrarapid'];

/** Phenotypes that do not explain a lost response. */
export const PGX_EXPECTED_PHENOTYPES: readonly string[] = ['normal', 'intermediate'];
