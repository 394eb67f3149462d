import { RegistryError } from '../errors';
import type { generatePopulation as generateFromFixtures } from './generate-population';

/**
 * `generate` in the production build (scripts/build.ts puts this module in place of ./generate-population): a
 * synthetic population is made from the repository's test fixtures, which the production build does not carry.
 */
export const generatePopulation: typeof generateFromFixtures = () =>
  Promise.reject(
    new RegistryError(
      'generate is not in the production build: it makes synthetic populations from the test fixtures; ' +
        'run `npm run registry -- generate …` in a checkout of the repository',
      2
    )
  );
