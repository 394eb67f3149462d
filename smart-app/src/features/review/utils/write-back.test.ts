import { describe, expect, it } from 'vitest';
import { canCreate } from './write-back';

describe('canCreate', () => {
  it('reads v2 create letters and v1 write from the granted scope string', () => {
    expect(canCreate('launch patient/QuestionnaireResponse.cu', 'QuestionnaireResponse')).toBe(true);
    expect(canCreate('patient/QuestionnaireResponse.write', 'QuestionnaireResponse')).toBe(true);
    expect(canCreate('user/*.cruds', 'ServiceRequest')).toBe(true);
    expect(canCreate('patient/QuestionnaireResponse.rs patient/ServiceRequest.c', 'QuestionnaireResponse')).toBe(false);
    expect(canCreate('patient/QuestionnaireResponse.read', 'QuestionnaireResponse')).toBe(false);
    expect(canCreate('patient/QuestionnaireResponse.u', 'QuestionnaireResponse')).toBe(false);
  });

  it('is unknown when the EHR did not return the granted scopes', () => {
    expect(canCreate(undefined, 'QuestionnaireResponse')).toBeUndefined();
  });
});
