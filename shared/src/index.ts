// The public API of @tachywatch/shared: the only barrel in the package. Keep each section to its owner's modules.

// --- domain types and dates ---
export type * from './domain/record';
export { EMPTY_PATIENT_RECORD } from './domain/record';
export type * from './domain/assessment';
export type * from './domain/issues';
export * from './domain/dates';
export * from './domain/display-date';

// --- clinical knowledge ---
export * from './knowledge/citation-ids';
export type * from './knowledge/types';
export * from './knowledge/thresholds';
export * from './knowledge/codes';
export * from './knowledge/citations';
export * from './knowledge/agents';
export * from './knowledge/agent-lookup';
export * from './knowledge/combination-products';
export * from './knowledge/clinical-drug-display';
export * from './knowledge/rxnorm-table';
export * from './knowledge/condition-value-sets';
export * from './knowledge/condition-codes';
export * from './knowledge/pack';

// --- FHIR readers and queries ---
export * from './fhir/queries';
export { collectResources } from './fhir/bundle';
export { readPatientRecord, type ReadPatientRecordOptions } from './fhir/read-patient-record';
export { readDraftMedicationOrders } from './fhir/read-draft-orders';

// --- analysis ---
export * from './analysis/config';
export { assessPatient } from './analysis/assess-patient';
export { assessOrder } from './analysis/assess-order';
export type { AnalysisOptions } from './analysis/build-context';
export { getPhq9Band } from './analysis/phq9-series';
export { getPhq9Bands, isItem9Positive, PHQ9_SCORE_DOMAIN } from './analysis/phq9-bands';
export { CONFOUNDERS, type ConfounderInfo } from './knowledge/confounders';
export { RESIDUAL_SYMPTOM_ITEMS } from './knowledge/residual-symptoms';
export { THASE_RUSH, MAUDSLEY, MGH_S, getMaudsleyScale, getThaseRushScale } from './knowledge/staging';
export type { StagingScale } from './knowledge/staging';
export { TMS_POLICIES, type TmsPolicy, type TmsCriterion, type TmsCriterionRule } from './knowledge/tms-policies';
export { OPTIONS as OPTION_KNOWLEDGE, OPTION_ORDER, type OptionInfo } from './knowledge/options';
export { QT_DOSE_CAPS } from './knowledge/safety-rules';
export { SIDE_EFFECT_OPTIONS, type SideEffectOptionInfo } from './knowledge/side-effect-options';

// --- CDS Hooks schemas and cards ---
export * from './schemas/cds-hooks';
export * from './schemas/smart-config';
export * from './schemas/site-config';
export * from './cards/card-parts';
export * from './cards/suggestions';
export * from './cards/patient-view-cards';
export * from './cards/order-cards';

// --- the clinician's documented review (Questionnaire, write-back, reading it back) ---
export type * from './review/types';
export * from './review/questionnaire';
export { buildReviewQuestionnaireResponse, type ReviewResponseContext } from './review/questionnaire-response';
export { readDocumentedReviews, isReviewQuestionnaireResponse } from './review/read-reviews';
export { prefillReview } from './review/prefill';
export { REVIEW_RULES, type ReviewRule, type ReviewEffectKind } from './knowledge/review-rules';
export {
  buildDraftServiceRequest,
  type DraftServiceRequestKind,
  type DraftServiceRequestContext,
} from './review/service-request';

// --- what the review app shows (one coherent state per finding) ---
export * from './presentation/review-state';
