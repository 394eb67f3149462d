import { describe, expect, it } from 'vitest';
import { buildTestClient } from '../testing/fhir-test-client';
import { getLaunchInfo, parseAppContext } from './launch-info';

describe('getLaunchInfo', () => {
  it('reads the patient, the banner flag and a JSON appContext from the token response', () => {
    const info = getLaunchInfo(
      buildTestClient({ need_patient_banner: true, appContext: '{"focus":"trials","trialId":"sertraline:2024-01-10"}' })
    );
    expect(info).toEqual({
      patientId: 'p1',
      needPatientBanner: true,
      appContext: { focus: 'trials', trialId: 'sertraline:2024-01-10' },
    });
  });

  it('works without appContext and treats a missing banner flag as false', () => {
    expect(getLaunchInfo(buildTestClient())).toEqual({
      patientId: 'p1',
      needPatientBanner: false,
      appContext: undefined,
    });
  });

  it('ignores an unreadable appContext instead of failing', () => {
    expect(parseAppContext('{not json')).toBeUndefined();
    expect(parseAppContext({ focus: 'somewhere-else' })).toBeUndefined();
  });

  it('fails with a relaunch error when the token names no patient', () => {
    expect(() => getLaunchInfo(buildTestClient({ patient: undefined }))).toThrow(/did not say which patient/);
  });
});
