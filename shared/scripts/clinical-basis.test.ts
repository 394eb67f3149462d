import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CITATION_IDS } from '../src/knowledge/citation-ids';
import { CONFOUNDERS } from '../src/knowledge/confounders';
import { OPTIONS } from '../src/knowledge/options';
import { THRESHOLDS } from '../src/knowledge/thresholds';
import {
  CLINICAL_BASIS_PATH,
  CLINICAL_BASIS_TABLES,
  formatThreshold,
  renderClinicalBasis,
} from './clinical-basis-tables';

const page = readFileSync(CLINICAL_BASIS_PATH, 'utf8');

describe('docs/clinical-basis.md', () => {
  it('has every generated table as the knowledge pack renders it (run `npm run docs:clinical-basis`)', () => {
    expect(page).toBe(renderClinicalBasis(page));
  });

  it('states every threshold with its value, every confounder, option and citation', () => {
    for (const id of Object.keys(THRESHOLDS) as (keyof typeof THRESHOLDS)[]) {
      expect(page).toContain(`| \`${id}\` | ${formatThreshold(id)} |`);
    }
    for (const confounder of CONFOUNDERS) {
      expect(page).toContain(`(\`${confounder.id}\`)`);
    }
    for (const kind of Object.keys(OPTIONS)) {
      expect(page).toContain(`| \`${kind}\` |`);
    }
    for (const id of CITATION_IDS) {
      expect(page).toContain(`<a id="ref-${id}"></a>`);
    }
  });

  it('links every cited source to an entry of the reference list', () => {
    const anchors = new Set([...page.matchAll(/<a id="(ref-[a-z0-9-]+)"><\/a>/g)].map((match) => match[1]));
    const links = [...page.matchAll(/\]\(#(ref-[a-z0-9-]+)\)/g)].map((match) => match[1]);
    expect(links.length).toBeGreaterThan(50);
    expect(links.filter((link) => !anchors.has(link))).toEqual([]);
  });
});

describe('renderClinicalBasis', () => {
  const markers = Object.keys(CLINICAL_BASIS_TABLES)
    .map((name) => `<!-- generated:${name} -->\nstale\n<!-- /generated:${name} -->`)
    .join('\n\n');

  it('replaces the content between each marker pair and keeps the hand-written text', () => {
    const rendered = renderClinicalBasis(`# Title\n\nNarrative.\n\n${markers}\n`);
    expect(rendered).not.toContain('stale');
    expect(rendered.startsWith('# Title\n\nNarrative.\n\n<!-- generated:')).toBe(true);
    expect(rendered).toContain('| `mcid` | ≥ 5 points |');
  });

  it('refuses a marker with no renderer', () => {
    expect(() =>
      renderClinicalBasis(`${markers}\n<!-- generated:unknown-table -->\nx\n<!-- /generated:unknown-table -->`)
    ).toThrow(/no renderer for <!-- generated:unknown-table -->/);
  });

  it('refuses a page that lacks a table', () => {
    expect(() =>
      renderClinicalBasis(markers.replace('generated:confounders -->', 'generated:confounders-x -->'))
    ).toThrow(/no marker for generated:confounders/);
  });
});
