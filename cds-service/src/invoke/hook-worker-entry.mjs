// Worker bootstrap when the service runs from its TypeScript sources (tests, `npm start`): registers tsx in this
// thread, then loads the worker. The production build starts the bundled `dist/hook-worker.js` instead.
import { register } from 'tsx/esm/api';

register();
await import('./hook-worker.ts');
