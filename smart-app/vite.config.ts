import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Two pages: `launch.html` (authorize only) and `index.html` (the redirect URI, which calls `ready()`).
 * `base` defaults to './' so the built app can be served from any path; set TACHYWATCH_APP_BASE to override.
 */
export default defineConfig({
  root,
  base: process.env.TACHYWATCH_APP_BASE ?? './',
  plugins: [react()],
  resolve: {
    // fhirclient's browser entry (its `main` is the Node adapter).
    alias: { fhirclient: createRequire(import.meta.url).resolve('fhirclient/lib/entry/browser.js') },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      input: {
        index: resolve(root, 'index.html'),
        launch: resolve(root, 'launch.html'),
      },
    },
  },
});
