import { describe, expect, it } from 'vitest';
import { collectResources } from './bundle';
import { buildPatient, buildRequest, bundle } from './test-resources';

describe('collectResources', () => {
  it.each<[string, unknown, string[]]>([
    ['a single resource', buildPatient(), ['Patient']],
    ['an array of resources', [buildPatient(), buildRequest()], ['Patient', 'MedicationRequest']],
    ['a searchset Bundle', bundle([buildPatient(), buildRequest()]), ['Patient', 'MedicationRequest']],
    [
      'a Bundle inside a Bundle',
      bundle([bundle([buildRequest()], 'collection'), buildPatient()]),
      ['MedicationRequest', 'Patient'],
    ],
    [
      'arrays of Bundles',
      [[bundle([buildPatient()])], bundle([buildRequest()], 'transaction')],
      ['Patient', 'MedicationRequest'],
    ],
    ['garbage around resources', [null, 3, 'x', { foo: 1 }, buildPatient(), { resourceType: 7 }], ['Patient']],
    ['a Bundle whose entry is an object', { resourceType: 'Bundle', entry: { resource: buildPatient() } }, ['Patient']],
    ['a Bundle with broken entries', { resourceType: 'Bundle', entry: [null, { resource: 'x' }, {}] }, []],
    ['nothing', undefined, []],
  ])('flattens %s', (_name, input, types) => {
    expect(collectResources(input).map((resource) => resource.resourceType)).toEqual(types);
  });

  it('does not loop on a self-referencing array', () => {
    const cyclic: unknown[] = [buildPatient()];
    cyclic.push(cyclic);
    expect(collectResources(cyclic)).toHaveLength(1);
  });
});
