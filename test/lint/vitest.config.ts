import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'lint',
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    environment: 'node',
    // Typed linting builds TypeScript programs: seconds per file on a loaded machine.
    testTimeout: 180_000,
  },
});
