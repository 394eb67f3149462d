import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findOutsideCitations, scanRepository } from './outside-citations';

const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const THIS_CHECK = ['scripts/checks/outside-citations.ts', 'scripts/checks/outside-citations.test.ts'];

describe('citations of documents outside the repository', () => {
  it('finds none in any text file of the repository', () => {
    const found = scanRepository(REPOSITORY_ROOT, THIS_CHECK).map(
      ({ file, line, text, reason }) => `${file}:${line}: ${reason}: ${text}`
    );
    expect(found).toEqual([]);
  });

  it.each([
    ['/** Baseline ≥ 10 (clinical.md §1.7). */', 2],
    ['// see standards.md', 1],
    ['Copied from the project Handbook', 1],
    ['what real clients do (real-clients.md)', 2],
    ['the style guide STYLE.md', 1],
    ['background in /work/shared/knowledge', 1],
    ['see ../shared/knowledge/platform.md', 2],
    ["notes: 'serotonergic in combination (§8).'", 1],
  ])('flags %j', (line, count) => {
    expect(findOutsideCitations('example.ts', line)).toHaveLength(count);
  });

  it.each([
    "import { assessPatient } from '../../shared/src/index';",
    '/** OAuth error codes (RFC 6749 §4.1.2.1, §5.2; RFC 6750 §3.1). */',
    '/** Search prefixes (FHIR R4 §3.1.1.4.1.2 "Prefixes"). */',
    'The definition is in docs/clinical-basis.md (Frank 1991; Rush 2006).',
  ])('accepts %j', (line) => {
    expect(findOutsideCitations('example.ts', line)).toEqual([]);
  });
});
