import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'cds-service',
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    environment: 'node',
  },
});
