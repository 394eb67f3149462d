import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'fhir-core',
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    environment: 'node',
  },
});
