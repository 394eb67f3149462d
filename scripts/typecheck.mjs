// Type-checks every TypeScript project of the repository (each has its own tsconfig extending the strict root one).
import { spawnSync } from 'node:child_process';

const projects = ['shared', 'cds-service', 'smart-app', 'sandbox', 'fixtures', 'test', 'scripts'];
let failed = 0;
for (const project of projects) {
  const result = spawnSync('npx', ['tsc', '-p', project], { stdio: 'inherit' });
  process.stdout.write(`typecheck ${project}: ${result.status === 0 ? 'ok' : 'FAILED'}\n`);
  if (result.status !== 0) {
    failed += 1;
  }
}
process.exit(failed === 0 ? 0 : 1);
