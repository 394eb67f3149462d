import { createRequire } from 'node:module';
import react from '@vitejs/plugin-react';
import { defineProject } from 'vitest/config';

export default defineProject({
  plugins: [react()],
  resolve: {
    // Under vitest `fhirclient` resolves to its Node entry even with jsdom; the app needs the browser entry.
    alias: { fhirclient: createRequire(import.meta.url).resolve('fhirclient/lib/entry/browser.js') },
  },
  test: {
    name: 'smart-app',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    exclude: ['node_modules/**', 'dist/**'],
    environment: 'jsdom',
    setupFiles: ['./src/testing/setup-tests.ts'],
  },
});
