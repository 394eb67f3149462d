// The public API of @tachywatch/shared: the only barrel in the package. Keep each section to its owner's modules.

// --- domain types and dates ---
export type * from './domain/record';
export type * from './domain/assessment';
export type * from './domain/issues';
export * from './domain/dates';

// --- clinical knowledge ---
export * from './knowledge/citation-ids';
export type * from './knowledge/types';
export * from './knowledge/thresholds';
export * from './knowledge/codes';

// --- FHIR readers and queries ---
export * from './fhir/queries';

// --- analysis ---
export * from './analysis/config';

// --- CDS Hooks schemas and cards ---
