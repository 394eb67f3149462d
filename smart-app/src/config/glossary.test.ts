import { describe, expect, it } from 'vitest';
import { GLOSSARY } from './glossary';

describe('glossary numbers come from the knowledge pack', () => {
  it.each([
    ['pdc', '80 % or more counts as adherent'],
    ['mcid', '(5 points for one person)'],
    ['relapse', 'within about 4 months of remission'],
    ['thase-rush', 'Thase–Rush staging (0–5)'],
    ['maudsley', 'Maudsley Staging Method (up to 15)'],
    ['maudsley', 'up to 6 mild, 7–10 moderate, 11–15 severe.'],
    ['mgh-s', '1 point per adequate failed trial, 0.5 for each optimisation, 0.5 for each augmentation, 3 for ECT'],
    ['trd', 'at least 2 adequate antidepressant trials'],
  ])('%s says "%s"', (term, text) => {
    expect(GLOSSARY[term]).toContain(text);
  });
});
