import { describe, expect, it } from 'vitest';
import { TOKEN_WRITABLE_TYPES, validateTokenWrite } from './write-validation';

describe('validateTokenWrite', () => {
  it('accepts a well-formed review and names each malformed field', () => {
    const review: fhir4.QuestionnaireResponse = {
      resourceType: 'QuestionnaireResponse',
      status: 'completed',
      subject: { reference: 'Patient/a' },
    };
    expect(validateTokenWrite(review)).toBeUndefined();
    const malformed: fhir4.QuestionnaireResponse = { ...review, status: 'done' as never, authored: 'today' };
    expect(validateTokenWrite(malformed)).toEqual([
      expect.stringMatching(/^QuestionnaireResponse\.status: /),
      'QuestionnaireResponse.authored: must be a FHIR dateTime',
    ]);
  });

  it('fails closed for a type that has no write shape', () => {
    expect(TOKEN_WRITABLE_TYPES).toEqual(['QuestionnaireResponse', 'ServiceRequest']);
    expect(validateTokenWrite({ resourceType: 'Patient' })).toEqual([
      'Patient cannot be written with an access token on this server',
    ]);
  });
});
