import { defineProject } from 'vitest/config';

// The deployment tests run real PostgreSQL, nginx and service replicas under load: they run after every other
// project (a later group), so their load never competes with the timing assertions of the other suites.
export default defineProject({
  test: {
    name: 'deploy',
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    sequence: { groupOrder: 1 },
  },
});
