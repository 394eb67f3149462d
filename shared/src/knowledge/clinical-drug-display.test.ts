import { describe, expect, it } from 'vitest';
import { parseClinicalDrugDisplay } from './clinical-drug-display';

describe('parseClinicalDrugDisplay', () => {
  it.each<
    [string, { agents: (string | undefined)[]; strengths: (number | undefined)[]; per?: string; formulation: string }]
  >([
    [
      'sertraline 50 MG Oral Tablet',
      { agents: ['sertraline'], strengths: [50], per: 'unit', formulation: 'immediate-release' },
    ],
    [
      '24 HR venlafaxine 150 MG Extended Release Oral Capsule',
      { agents: ['venlafaxine'], strengths: [150], formulation: 'extended-release' },
    ],
    [
      'fluoxetine 20 MG / olanzapine 6 MG Oral Capsule',
      { agents: ['fluoxetine', 'olanzapine'], strengths: [20, 6], formulation: 'immediate-release' },
    ],
    [
      'fluoxetine 4 MG/ML Oral Solution',
      { agents: ['fluoxetine'], strengths: [4], per: 'mL', formulation: 'immediate-release' },
    ],
    [
      'sertraline 100 MG/5ML Oral Solution',
      { agents: ['sertraline'], strengths: [20], per: 'mL', formulation: 'immediate-release' },
    ],
    [
      'selegiline 6 MG/24HR Transdermal System',
      { agents: ['selegiline'], strengths: [6], per: '24h', formulation: 'transdermal' },
    ],
    [
      '24 HR selegiline 0.5 MG/HR Transdermal System',
      { agents: ['selegiline'], strengths: [12], per: '24h', formulation: 'transdermal' },
    ],
    [
      'bupropion hydrochloride 150 MG 12HR Extended Release Oral Tablet',
      { agents: ['bupropion'], strengths: [150], formulation: 'extended-release' },
    ],
    ['Wellbutrin XL 300 MG Oral Tablet', { agents: ['bupropion'], strengths: [300], formulation: 'extended-release' }],
    [
      'sertraline 50 MG Oral Tablet [Zoloft]',
      { agents: ['sertraline'], strengths: [50], formulation: 'immediate-release' },
    ],
    [
      'liothyronine 25 MCG Oral Tablet',
      { agents: ['liothyronine'], strengths: [0.025], formulation: 'immediate-release' },
    ],
    [
      'amitriptyline hydrochloride 25 MG / chlordiazepoxide 10 MG Oral Tablet',
      { agents: ['amitriptyline', undefined], strengths: [25, 10], formulation: 'immediate-release' },
    ],
    [
      '{14 (lamotrigine 100 MG Oral Tablet) / 84 (lamotrigine 25 MG Oral Tablet) } Pack',
      { agents: ['lamotrigine'], strengths: [undefined], formulation: 'immediate-release' },
    ],
  ])('%s', (display, expected) => {
    const parsed = parseClinicalDrugDisplay(display);
    expect(parsed?.ingredients.map((ingredient) => ingredient.agentId)).toEqual(expected.agents);
    expect(parsed?.ingredients.map((ingredient) => ingredient.strengthMg)).toEqual(expected.strengths);
    expect(parsed?.formulation).toBe(expected.formulation);
    if (expected.per) {
      expect(parsed?.ingredients[0]?.per).toBe(expected.per);
    }
  });

  it.each(['', 'sertraline', 'Zoloft tablet', 'MG 50', '{garbage} Pack', 'x'.repeat(600)])(
    'returns undefined for %j',
    (display) => {
      expect(parseClinicalDrugDisplay(display)).toBeUndefined();
    }
  );
});
