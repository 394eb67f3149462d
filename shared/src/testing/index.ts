// Test support of @tachywatch/shared: named values for the tests of every package. Never imported by product code.
export { buildPossibleFinding, buildTestAssessment, NO_FINDING } from './assessments';
export { validateAgainstQuestionnaire, validateR4 } from './fhir-validation';
export { buildTestReviewInput, type TestReviewParts } from './reviews';
