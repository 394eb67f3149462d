import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'shared',
      'fhir-core',
      'cds-service',
      'smart-app',
      'sandbox',
      'registry',
      'fixtures',
      'test',
      'test/deploy',
      'test/lint',
      'scripts',
    ],
  },
});
