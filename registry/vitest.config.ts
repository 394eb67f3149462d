import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'registry',
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
