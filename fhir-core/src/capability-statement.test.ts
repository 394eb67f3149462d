import { describe, expect, it } from 'vitest';
import { buildCapabilityStatement } from './capability-statement';

function interactionsOf(statement: fhir4.CapabilityStatement, type: string): string[] {
  const resource = statement.rest?.[0]?.resource?.find((item) => item.type === type);
  return resource?.interaction?.map((item) => item.code) ?? [];
}

describe('buildCapabilityStatement', () => {
  const base = { fhirBase: 'http://fhir.test/r4', date: '2026-01-01T00:00:00Z' };

  it('advertises create and update only on the token-writable types of a read-only server', () => {
    const statement = buildCapabilityStatement({
      ...base,
      writable: false,
      tokenWritableTypes: ['QuestionnaireResponse', 'ServiceRequest'],
    });
    expect(interactionsOf(statement, 'QuestionnaireResponse')).toEqual(['read', 'search-type', 'create', 'update']);
    expect(interactionsOf(statement, 'ServiceRequest')).toEqual(['read', 'search-type', 'create', 'update']);
    expect(interactionsOf(statement, 'Observation')).toEqual(['read', 'search-type']);
    expect(statement.rest?.[0]?.interaction).toEqual([]);
  });

  it('a writable server advertises every write once, whatever tokens may write', () => {
    const statement = buildCapabilityStatement({ ...base, writable: true, tokenWritableTypes: ['ServiceRequest'] });
    expect(interactionsOf(statement, 'ServiceRequest')).toEqual(['read', 'search-type', 'create', 'update', 'delete']);
    expect(interactionsOf(statement, 'Observation')).toEqual(['read', 'search-type', 'create', 'update', 'delete']);
  });

  it('without token-writable types a read-only server advertises reads only', () => {
    const statement = buildCapabilityStatement({ ...base, writable: false });
    expect(interactionsOf(statement, 'QuestionnaireResponse')).toEqual(['read', 'search-type']);
  });
});
