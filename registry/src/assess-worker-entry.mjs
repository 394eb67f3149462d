// Worker bootstrap: registers tsx in this thread so the TypeScript worker can be imported as the CLI runs it.
import { register } from 'tsx/esm/api';

register();
await import('./assess-worker.ts');
