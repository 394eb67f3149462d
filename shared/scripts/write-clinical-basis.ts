// Rebuilds the generated tables of docs/clinical-basis.md from the knowledge pack (`npm run docs:clinical-basis`).
import { readFileSync, writeFileSync } from 'node:fs';
import { CLINICAL_BASIS_PATH, renderClinicalBasis } from './clinical-basis-tables';

const current = readFileSync(CLINICAL_BASIS_PATH, 'utf8');
const rendered = renderClinicalBasis(current);
if (rendered !== current) {
  writeFileSync(CLINICAL_BASIS_PATH, rendered);
}
process.stdout.write(`${rendered === current ? 'up to date' : 'updated'}: ${CLINICAL_BASIS_PATH}\n`);
