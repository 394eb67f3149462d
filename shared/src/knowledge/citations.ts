import type { CitationId } from './citation-ids';
import type { Citation } from './types';

/**
 * Every source the knowledge pack and the analysis cite. Tags: V verified against the
 * source, V2 verified against a secondary source only, K background knowledge not re-verified, D our design choice.
 * A card shows the title and links the URL, so titles are written for clinicians.
 */
export const CITATIONS: Readonly<Record<CitationId, Citation>> = {
  'kroenke-2001': {
    id: 'kroenke-2001',
    title:
      'Kroenke K, Spitzer RL, Williams JB. The PHQ-9: validity of a brief depression severity measure. J Gen Intern Med 2001;16:606-13.',
    url: 'https://doi.org/10.1046/j.1525-1497.2001.016009606.x',
    year: 2001,
    tag: 'V',
    note: 'PHQ-9 total 0–27; severity cut-points 5, 10, 15, 20.',
  },
  'loinc-phq9': {
    id: 'loinc-phq9',
    title: 'LOINC 44249-1 PHQ-9 quick depression assessment panel and answer list LL358-3.',
    url: 'https://loinc.org/LL358-3',
    year: 2024,
    tag: 'V',
    note: 'Item codes 44250-9 … 44260-8 (item 9), total 44261-6, PHQ-9M total 89204-2; answers LA6568-5 … LA6571-9 = 0–3.',
  },
  'lowe-2004': {
    id: 'lowe-2004',
    title:
      'Löwe B, Unützer J, Callahan CM, Perkins AJ, Kroenke K. Monitoring depression treatment outcomes with the PHQ-9. Med Care 2004;42:1194-1201.',
    url: 'https://doi.org/10.1097/00005650-200412000-00006',
    year: 2004,
    tag: 'V',
    note: 'Minimal clinically important individual change: 5 points (2 × SEM).',
  },
  'ncqa-drr-e': {
    id: 'ncqa-drr-e',
    title: 'NCQA HEDIS Depression Remission or Response for Adolescents and Adults (DRR-E).',
    url: 'https://ncqa.org/report-cards/health-plans/state-of-health-care-quality-report/measures-list/depression-remission-or-response-for-adolescents-and-adults-drr-e',
    year: 2023,
    tag: 'V',
    note: 'Response: most recent PHQ-9 ≥ 50 % lower than the index score; remission < 5; follow-up 120–240 days.',
  },
  cms159: {
    id: 'cms159',
    title: 'CMS159 Depression Remission at Twelve Months (MIPS #370).',
    url: 'https://ecqi.healthit.gov/ecqm/ec/2023/cms159v11',
    year: 2023,
    tag: 'V',
    note: 'Index PHQ-9 > 9; remission PHQ-9 < 5; excludes bipolar disorder, personality disorder emotionally labile, schizophrenia or psychotic disorder.',
  },
  'rush-2006-acnp': {
    id: 'rush-2006-acnp',
    title:
      'Rush AJ et al. Report by the ACNP Task Force on response and remission in major depressive disorder. Neuropsychopharmacology 2006;31:1841-53.',
    url: 'https://pubmed.ncbi.nlm.nih.gov/16794566/',
    year: 2006,
    tag: 'V',
    note: 'Response, remission (≥ 3 weeks), relapse, recovery (≥ 4 months), recurrence; partial response 25–49 % is a convention [K].',
  },
  'frank-1991': {
    id: 'frank-1991',
    title:
      'Frank E, Prien RF, Jarrett RB, et al. Conceptualization and rationale for consensus definitions of terms in major depressive disorder: remission, recovery, relapse, and recurrence. Arch Gen Psychiatry 1991;48:851-5.',
    url: 'https://doi.org/10.1001/archpsyc.1991.01810330075011',
    year: 1991,
    tag: 'V',
    note: 'Response and remission are states that must be sustained before they can be lost (relapse, recurrence); restated by the ACNP task force (Rush 2006).',
  },
  'garber-2012-hypothyroidism': {
    id: 'garber-2012-hypothyroidism',
    title:
      'Garber JR, Cobin RH, Gharib H, et al. Clinical practice guidelines for hypothyroidism in adults: cosponsored by the American Association of Clinical Endocrinologists and the American Thyroid Association. Thyroid 2012;22:1200-35.',
    url: 'https://doi.org/10.1089/thy.2012.0205',
    year: 2012,
    tag: 'K',
    note: 'TSH is the primary test for primary hypothyroidism; NHANES III upper reference limit 4.12 mIU/L; lithium is a cause of hypothyroidism.',
  },
  'targum-2014': {
    id: 'targum-2014',
    title:
      'Targum SD. Identification and treatment of antidepressant tachyphylaxis. Innov Clin Neurosci 2014;11(3-4):24-8.',
    url: 'https://innovationscns.com/identification-and-treatment-of-antidepressant-tachyphylaxis/',
    year: 2014,
    tag: 'V',
    note: 'Loss of a previously effective response on the same drug and dose; rule out nonadherence (pseudo-tachyphylaxis).',
  },
  'kinrys-2019': {
    id: 'kinrys-2019',
    title:
      'Kinrys G et al. Tachyphylaxis in major depressive disorder: a review of the current state of research. J Affect Disord 2019;245:488-97.',
    url: 'https://doi.org/10.1016/j.jad.2018.10.357',
    year: 2019,
    tag: 'V',
    note: 'Rates 9–57 %; options with limited evidence: dose change, class switch, augmentation/combination, psychotherapy.',
  },
  'solomon-2005': {
    id: 'solomon-2005',
    title: 'Solomon DA et al. Tachyphylaxis in unipolar major depressive disorder. J Clin Psychiatry 2005;66:283-90.',
    url: 'https://www.psychiatrist.com/jcp/tachyphylaxis-unipolar-major-depressive-disorder/',
    year: 2005,
    tag: 'V',
    note: 'Recurrence despite maintenance pharmacotherapy in 25 % of maintenance intervals; median maintenance 20 weeks.',
  },
  'posternak-2005': {
    id: 'posternak-2005',
    title:
      'Posternak MA, Zimmerman M. Dual reuptake inhibitors incur lower rates of tachyphylaxis than SSRIs. J Clin Psychiatry 2005;66:705-7.',
    url: 'https://dev2.psychiatrist.com/jcp/dual-reuptake-inhibitors-incur-lower-rates-tachyphylaxis',
    year: 2005,
    tag: 'V',
    note: 'Tachyphylaxis in 14.1 % of SSRI trials vs 3.7 % of venlafaxine/TCA trials.',
  },
  'katz-2011': {
    id: 'katz-2011',
    title:
      'Katz G. Tachyphylaxis/tolerance to antidepressive medications: a review. Isr J Psychiatry Relat Sci 2011;48(2); and dysthymia chart review, Psychiatry Clin Neurosci 2011.',
    url: 'https://doi.org/10.1111/j.1440-1819.2011.02231.x',
    year: 2011,
    tag: 'V',
    note: 'Tolerance in 22 % of successful dysthymia trials, all on SSRIs; apathetic symptom profile.',
  },
  'schmidt-2002': {
    id: 'schmidt-2002',
    title:
      'Schmidt ME et al. Treatment approaches to major depressive disorder relapse. Part 1: dose increase. Psychother Psychosom 2002;71:190-4.',
    url: 'https://www.ncbi.nlm.nih.gov/pubmed/12097783',
    year: 2002,
    tag: 'V',
    note: 'Fluoxetine relapse on continuation: dose increase (20 → 40 mg/day); response share from a secondary summary [V2].',
  },
  'mcgrath-2006': {
    id: 'mcgrath-2006',
    title:
      'McGrath PJ et al. Predictors of relapse in a prospective study of fluoxetine treatment of major depression. Am J Psychiatry 2006;163:1542-8.',
    url: 'http://ajp.psychiatryonline.org/cgi/content/full/163/9/1542',
    year: 2006,
    tag: 'V',
    note: 'Pattern of acute response did not predict relapse; do not label early responders as placebo responders.',
  },
  'ruhe-2006': {
    id: 'ruhe-2006',
    title:
      'Ruhé HG et al. Dose escalation for insufficient response to standard-dose SSRIs in major depressive disorder: systematic review. Br J Psychiatry 2006;189:309-16.',
    url: 'https://doi.org/10.1192/bjp.bp.105.018325',
    year: 2006,
    tag: 'K',
    note: 'No clear benefit of SSRI dose escalation for non-response (existence verified, conclusion background knowledge).',
  },
  'fava-1995': {
    id: 'fava-1995',
    title: 'Fava M et al. Fluoxetine dose increase for loss of response (open study). J Clin Psychiatry 1995;56:52-5.',
    year: 1995,
    tag: 'K',
    note: 'Open data favour a dose increase for loss of response during maintenance.',
  },
  'rothschild-1995': {
    id: 'rothschild-1995',
    title:
      'Rothschild AJ. Selective serotonin reuptake inhibitor-induced sexual dysfunction: efficacy of a drug holiday. Am J Psychiatry 1995;152(10):1514-6.',
    url: 'https://doi.org/10.1176/ajp.152.10.1514',
    year: 1995,
    tag: 'V',
    note: 'Weekend drug holidays in 30 recovered outpatients improved SSRI sexual dysfunction on sertraline and paroxetine, not fluoxetine, without a significant rise in HAM-D. Studied for sexual dysfunction only; no evidence they restore lost antidepressant efficacy.',
  },
  'dold-kasper-2017': {
    id: 'dold-kasper-2017',
    title:
      'Dold M, Kasper S. Evidence-based pharmacotherapy of treatment-resistant unipolar depression. Int J Psychiatry Clin Pract 2017 (pseudo-resistance checklist).',
    year: 2017,
    tag: 'V',
    note: 'Checklist: adequate dose and duration, adherence, levels/ultra-rapid metabolism, comorbidity, diagnosis, stressors.',
  },
  'atrq-chandler-2010': {
    id: 'atrq-chandler-2010',
    title:
      'Chandler GM et al. Validation of the Massachusetts General Hospital Antidepressant Treatment History Questionnaire (ATRQ). CNS Neurosci Ther 2010;16:322-5.',
    url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC6493891',
    year: 2010,
    tag: 'V2',
    note: 'Minimum adequate doses transcribed from a trial-specific ATRQ form; verify against the official MGH ATRQ.',
  },
  'athf-sackeim': {
    id: 'athf-sackeim',
    title:
      'Sackeim HA. The definition and meaning of treatment-resistant depression (ATHF). J Clin Psychiatry 2001;62(Suppl 16):10-7; ATHF-SF, J Psychiatr Res 2019;113:125-36.',
    url: 'https://www.advancedinterventions.org.uk/resources/athf-and-othf/',
    year: 2019,
    tag: 'V2',
    note: 'Adequate trial ≥ 4 weeks at adequate dose; ≥ 2 months of euthymia separates episodes.',
  },
  'delphi-trd-2021': {
    id: 'delphi-trd-2021',
    title: 'Consensus definition of treatment-resistant depression (Delphi). Depress Anxiety 2021;38:456-67.',
    url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC8049072/',
    year: 2021,
    tag: 'V',
    note: 'TRD: failure of ≥ 2 adequately dosed, evidence-supported trials (4–6 weeks minimum, non-response < 50 %).',
  },
  'thase-rush-1997': {
    id: 'thase-rush-1997',
    title:
      'Thase ME, Rush AJ. When at first you don’t succeed: sequential strategies for antidepressant nonresponders. J Clin Psychiatry 1997;58(Suppl 13):23-9.',
    year: 1997,
    tag: 'K',
    note: 'Staging I–V: one class, a second class, TCA, MAOI, bilateral ECT.',
  },
  'fekadu-2009-msm': {
    id: 'fekadu-2009-msm',
    title:
      'Fekadu A et al. A multidimensional tool to quantify treatment resistance in depression: the Maudsley Staging Method. J Clin Psychiatry 2009;70:177-84; standardisation BMC Psychiatry 2018;18:100.',
    url: 'https://bmcpsychiatry.biomedcentral.com/articles/10.1186/s12888-018-1679-x',
    year: 2009,
    tag: 'V',
    note: 'Total 3–15; mild 3–6, moderate 7–10, severe 11–15.',
  },
  'fava-2003-mghs': {
    id: 'fava-2003-mghs',
    title:
      'Fava M. Diagnosis and definition of treatment-resistant depression (MGH staging). Biol Psychiatry 2003;53:649-59.',
    url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC7392234/',
    year: 2003,
    tag: 'V',
    note: '1 point per failed adequate trial, +0.5 optimisation, +0.5 augmentation, +3 ECT.',
  },
  'staging-panel-2020': {
    id: 'staging-panel-2020',
    title: 'Comparison of TRD staging models (MGH-S, MSM, ESM) in register data. PLOS One 2020.',
    url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC7392234/',
    year: 2020,
    tag: 'V',
    note: 'Adequate trial: ≥ 6 weeks at adequate dose.',
  },
  'star-d-2006': {
    id: 'star-d-2006',
    title:
      'Rush AJ et al. Acute and longer-term outcomes in depressed outpatients requiring one or several treatment steps: a STAR*D report. Am J Psychiatry 2006;163:1905-17.',
    url: 'https://psychiatryonline.org/doi/full/10.1176/ajp.2006.163.11.1905',
    year: 2006,
    tag: 'V',
    note: 'Remission by level on the QIDS-SR: 36.8 %, 30.6 %, 13.7 %, 13.0 %; relapse rises with the number of steps.',
  },
  'canmat-2016': {
    id: 'canmat-2016',
    title:
      'Kennedy SH et al. CANMAT 2016 clinical guidelines for the management of adults with MDD, section 3: pharmacological treatments. Can J Psychiatry 2016;61:540-60.',
    url: 'https://doi.org/10.1177/0706743716659417',
    year: 2016,
    tag: 'K',
    note: 'Adjunct agents by line: 1st aripiprazole, quetiapine, risperidone (table contents background knowledge).',
  },
  'canmat-2023': {
    id: 'canmat-2023',
    title:
      'Lam RW, Kennedy SH et al. CANMAT 2023 update on clinical guidelines for management of major depressive disorder in adults. Can J Psychiatry 2024.',
    url: 'https://doi.org/10.1177/07067437241245384',
    year: 2024,
    tag: 'K',
    note: 'Existence verified; adjunct lines (1st aripiprazole, brexpiprazole, cariprazine) to be verified against the table.',
  },
  'vadod-2022': {
    id: 'vadod-2022',
    title: 'VA/DoD Clinical Practice Guideline for the Management of Major Depressive Disorder, 2022.',
    url: 'https://www.healthquality.va.gov/guidelines/MH/mdd/',
    year: 2022,
    tag: 'V2',
    note: 'Partial response: switch, psychotherapy, SGA augmentation; rTMS, ECT, esketamine; ECT indications.',
  },
  'apa-2010': {
    id: 'apa-2010',
    title:
      'Gelenberg AJ et al. APA Practice Guideline for the Treatment of Patients With Major Depressive Disorder, 3rd edition. 2010.',
    url: 'https://psychiatryonline.org/pb/assets/raw/sitewide/practice_guidelines/guidelines/mdd.pdf',
    year: 2010,
    tag: 'K',
    note: 'Loss of response in maintenance: check adherence, raise dose, add psychotherapy, then switch or augment.',
  },
  'sackeim-2001-post-ect': {
    id: 'sackeim-2001-post-ect',
    title:
      'Sackeim HA et al. Continuation pharmacotherapy in the prevention of relapse following electroconvulsive therapy: a randomized controlled trial. JAMA 2001;285(10):1299-1307.',
    url: 'https://doi.org/10.1001/jama.285.10.1299',
    year: 2001,
    tag: 'V',
    note: '84 ECT remitters randomised to 24 weeks of placebo, nortriptyline or nortriptyline + lithium: relapse 84 %, 60 % and 39 %.',
  },
  'kellner-2006-core': {
    id: 'kellner-2006-core',
    title:
      'Kellner CH et al. Continuation electroconvulsive therapy vs pharmacotherapy for relapse prevention in major depression: a multisite study from the Consortium for Research in Electroconvulsive Therapy (CORE). Arch Gen Psychiatry 2006;63(12):1337-1344.',
    url: 'https://doi.org/10.1001/archpsyc.63.12.1337',
    year: 2006,
    tag: 'V',
    note: '201 remitters after bilateral ECT, 6 months: continuation ECT (10 treatments) relapse 37.1 %, nortriptyline + lithium 31.6 %, no significant difference; both below a historical placebo control.',
  },
  'dunner-2014-tms-durability': {
    id: 'dunner-2014-tms-durability',
    title:
      'Dunner DL et al. A multisite, naturalistic, observational study of transcranial magnetic stimulation for patients with pharmacoresistant major depressive disorder: durability of benefit over a 1-year follow-up period. J Clin Psychiatry 2014;75(12).',
    url: 'https://www.psychiatrist.com/jcp/article/pages/2014/v75n12/v75n1207.aspx',
    year: 2014,
    tag: 'V',
    note: '257 patients after acute TMS: of 120 responders or remitters, 75 (62.5 %) kept response criteria over 12 months; 93 (36.2 %) had TMS reintroduced.',
  },
  'daly-2019-sustain1': {
    id: 'daly-2019-sustain1',
    title:
      'Daly EJ et al. Efficacy of esketamine nasal spray plus oral antidepressant treatment for relapse prevention in patients with treatment-resistant depression: a randomized clinical trial (SUSTAIN-1). JAMA Psychiatry 2019;76(9):893-903.',
    url: 'https://doi.org/10.1001/jamapsychiatry.2019.1189',
    year: 2019,
    tag: 'V',
    note: 'Stable remitters after 16 weeks of esketamine + an oral antidepressant: relapse 26.7 % when esketamine continued vs 45.3 % when it was replaced by placebo (HR 0.49).',
  },
  'fluoxetine-paediatric-dosing': {
    id: 'fluoxetine-paediatric-dosing',
    title:
      'Fluoxetine (Prozac) US prescribing information, Dosage and Administration: paediatric MDD (ages 8–17), 10 or 20 mg/day, 20 mg/day the target dose.',
    url: 'https://dailymed.nlm.nih.gov/dailymed/search.cfm?query=prozac',
    year: 2023,
    tag: 'V2',
    note: 'Start 10 or 20 mg/day; after 1 week at 10 mg/day raise to 20 mg/day; lower-weight children may stay at 10 mg/day. The paediatric MDD trials studied 20 mg/day; higher doses are labelled for adults (up to 80 mg/day) and for paediatric OCD.',
  },
  'escitalopram-paediatric-dosing': {
    id: 'escitalopram-paediatric-dosing',
    title:
      'Escitalopram (Lexapro) US prescribing information, Dosage and Administration: MDD in adolescents aged 12–17, 10 mg/day, up to 20 mg/day after at least 3 weeks.',
    url: 'https://dailymed.nlm.nih.gov/dailymed/search.cfm?query=lexapro',
    year: 2023,
    tag: 'V2',
    note: 'Recommended 10 mg once daily; the dose may be raised to 20 mg/day after a minimum of three weeks.',
  },
  'uptodate-doses': {
    id: 'uptodate-doses',
    title: 'UpToDate: Unipolar depression in adults — antidepressant doses (table).',
    url: 'https://pro.uptodatefree.ir/Show/53818',
    year: 2024,
    tag: 'V2',
    note: 'Start, usual and extreme daily dose ranges, as captured from a public mirror; verify against labels.',
  },
  'cpic-2023-ssri': {
    id: 'cpic-2023-ssri',
    title:
      'Bousman CA et al. CPIC guideline for CYP2D6, CYP2C19, CYP2B6, SLC6A4 and HTR2A genotypes and serotonin reuptake inhibitor antidepressants. Clin Pharmacol Ther 2023;114:51-68.',
    url: 'https://doi.org/10.1002/cpt.2903',
    year: 2023,
    tag: 'V',
    note: 'CYP2D6: paroxetine, fluvoxamine, venlafaxine, vortioxetine; CYP2C19: citalopram, escitalopram; CYP2C19 + CYP2B6: sertraline.',
  },
  'cpic-2017-tca': {
    id: 'cpic-2017-tca',
    title:
      'Hicks JK et al. CPIC guideline for CYP2D6 and CYP2C19 genotypes and dosing of tricyclic antidepressants: 2016 update. Clin Pharmacol Ther 2017;102:37-44.',
    url: 'https://doi.org/10.1002/cpt.597',
    year: 2017,
    tag: 'K',
    note: 'Ultrarapid: avoid or use therapeutic drug monitoring; poor: avoid or 50 % dose.',
  },
  'fda-boxed-warning': {
    id: 'fda-boxed-warning',
    title:
      'FDA class boxed warning: suicidality and antidepressant drugs (2004 paediatric, 2007 extended to ages 18–24).',
    url: 'https://www.fda.gov/drugs/postmarket-drug-safety-information-patients-and-providers/suicidality-children-and-adolescents-being-treated-antidepressant-medications',
    year: 2007,
    tag: 'K',
    note: 'Monitor for worsening and suicidality in patients aged 24 or younger, especially after starts and dose changes.',
  },
  'fda-linezolid-methylene-blue': {
    id: 'fda-linezolid-methylene-blue',
    title:
      'FDA Drug Safety Communication: serotonin syndrome with linezolid or methylene blue in patients taking serotonergic psychiatric medications.',
    url: 'https://www.clinicaladvisor.com/home/web-exclusives/fda-warns-against-combining-methylene-blue-linezolid-with-ssris/',
    year: 2011,
    tag: 'V2',
    note: 'Stop serotonergic antidepressants ≥ 2 weeks (≥ 5 weeks for fluoxetine) before planned linezolid or IV methylene blue.',
  },
  'maoi-washout-labels': {
    id: 'maoi-washout-labels',
    title:
      'MAOI washout intervals from product labels (phenelzine, tranylcypromine, isocarboxazid, selegiline transdermal, fluoxetine, vortioxetine).',
    year: 2024,
    tag: 'V2',
    note: 'MAOI → serotonergic drug ≥ 14 days; SSRI/SNRI/TCA → MAOI ≈ 14 days; vortioxetine ≈ 21 days [K]; fluoxetine ≥ 5 weeks.',
  },
  'drug-labels': {
    id: 'drug-labels',
    title: 'US prescribing information (DailyMed) for the agents in the catalogue.',
    url: 'https://dailymed.nlm.nih.gov/dailymed/',
    year: 2024,
    tag: 'K',
    note: 'Half-lives, CYP pathways, interaction and dose notes from labels, not re-verified.',
  },
  'simon-2013-item9': {
    id: 'simon-2013-item9',
    title:
      'Simon GE et al. Does response on the PHQ-9 depression questionnaire predict subsequent suicide attempt or suicide death? Psychiatr Serv 2013;64:1195-1202.',
    url: 'https://doi.org/10.1176/appi.ps.201200587',
    year: 2013,
    tag: 'K',
    note: 'Item 9 answered "nearly every day" carried about ten times the risk of a later attempt; any positive answer prompts assessment.',
  },
  'pqa-pdc': {
    id: 'pqa-pdc',
    title: 'Pharmacy Quality Alliance: proportion of days covered (PDC) ≥ 80 % adherence convention.',
    url: 'https://www.pqaalliance.org/adherence-measures',
    year: 2023,
    tag: 'K',
  },
  'fda-neurostar-510k': {
    id: 'fda-neurostar-510k',
    title: 'FDA 510(k) clearance, NeuroStar TMS Therapy System (2008).',
    year: 2008,
    tag: 'V2',
    note: 'Adults with MDD who failed one prior antidepressant at or above the minimal effective dose and duration in the current episode.',
  },
  'cms-lcd-l34998': {
    id: 'cms-lcd-l34998',
    title:
      'CMS Local Coverage Determination L34998: Transcranial Magnetic Stimulation in the Treatment of Adults with MDD.',
    url: 'https://cms.gov/medicare-coverage-database/view/lcd.aspx?LCDId=34998',
    year: 2022,
    tag: 'V2',
    note: 'Severe MDD; ≥ 1 failed adequate trial or intolerance; no magnetic-sensitive implants within 30 cm.',
  },
  'cms-lcd-l37086': {
    id: 'cms-lcd-l37086',
    title: 'CMS Local Coverage Determination L37086: Transcranial Magnetic Stimulation for Major Depressive Disorder.',
    url: 'https://verity.backworkai.com/policy/L37086',
    year: 2022,
    tag: 'V2',
    note: 'Failed adequate trials from ≥ 2 classes and a psychotherapy trial; seizure disorder and psychosis are contraindications.',
  },
  'centene-cp-bh-200': {
    id: 'centene-cp-bh-200',
    title:
      'Ambetter/Centene clinical policy CP.BH.200: Transcranial Magnetic Stimulation for Treatment-Resistant Major Depression.',
    url: 'https://verity.backworkai.com/policy/AMBETTER-CP.BH.200',
    year: 2023,
    tag: 'V2',
    note: 'Adults; PHQ-9 ≥ 15; ≥ 2 failed trials from different classes; psychotherapy trial; excludes bipolar and psychotic disorders.',
  },
  'spravato-label': {
    id: 'spravato-label',
    title: 'SPRAVATO (esketamine) nasal spray prescribing information and REMS.',
    url: 'https://www.spravatohcp.com/',
    year: 2025,
    tag: 'V2',
    note: 'TRD in adults; REMS-certified setting, ≥ 2 h observation, no driving until the next day.',
  },
  'vsac-value-sets': {
    id: 'vsac-value-sets',
    title:
      'NLM Value Set Authority Center: public eCQM value sets (expansions "eCQM Update 2021-05-06" and "eCQM Update 2025-05-08").',
    url: 'https://vsac.nlm.nih.gov/',
    year: 2025,
    tag: 'V',
    note: 'Codes and display names only; snapshots are checked in under knowledge/data with their OIDs.',
  },
  rxnorm: {
    id: 'rxnorm',
    title: 'RxNorm (U.S. National Library of Medicine): ingredient (IN/MIN) and clinical drug (SCD/SBD) concepts.',
    url: 'https://www.nlm.nih.gov/research/umls/rxnorm/',
    year: 2025,
    tag: 'K',
    note: 'Ingredient RXCUIs verified against the CPIC/PharmGKB drug table where marked [V]; others to be resolved with RxNav.',
  },
  'star-d-level2-switch': {
    id: 'star-d-level2-switch',
    title:
      'Rush AJ et al. Bupropion-SR, sertraline, or venlafaxine-XR after failure of SSRIs for depression (STAR*D level 2 switch). N Engl J Med 2006;354:1231-42.',
    url: 'https://doi.org/10.1056/NEJMoa052963',
    year: 2006,
    tag: 'V',
    note: 'Remission on the HRSD-17 / QIDS-SR-16: bupropion-SR 21.3 % / 25.5 %, sertraline 17.6 % / 26.6 %, venlafaxine-XR 24.8 % / 25.0 %; no significant difference between the three switches.',
  },
  'star-d-level2-augmentation': {
    id: 'star-d-level2-augmentation',
    title:
      'Trivedi MH et al. Medication augmentation after the failure of SSRIs for depression (STAR*D level 2 augmentation). N Engl J Med 2006;354:1243-52.',
    url: 'https://doi.org/10.1056/NEJMoa052964',
    year: 2006,
    tag: 'V2',
    note: 'Remission, bupropion-SR vs buspirone added to citalopram: HRSD-17 29.7 % vs 30.1 % (no significant difference); QIDS-SR-16 39.0 % vs 32.9 %.',
  },
  'star-d-level3-switch': {
    id: 'star-d-level3-switch',
    title:
      'Fava M et al. A comparison of mirtazapine and nortriptyline following two consecutive failed medication treatments for depressed outpatients: a STAR*D report. Am J Psychiatry 2006;163:1161-72.',
    year: 2006,
    tag: 'V2',
    note: 'Remission on the HRSD-17: mirtazapine 12.3 %, nortriptyline 19.8 %; the difference was not statistically significant.',
  },
  'star-d-lithium-t3': {
    id: 'star-d-lithium-t3',
    title:
      'Nierenberg AA et al. A comparison of lithium and T3 augmentation following two failed medication treatments for depression: a STAR*D report. Am J Psychiatry 2006;163:1519-30.',
    url: 'https://doi.org/10.1176/appi.ajp.163.9.1519',
    year: 2006,
    tag: 'V',
    note: 'Remission on the HRSD-17: lithium 15.9 %, T3 24.7 %; the difference was not statistically significant; more lithium discontinuations for side effects.',
  },
  'mirtazapine-label': {
    id: 'mirtazapine-label',
    title: 'Mirtazapine tablets (Remeron) US prescribing information, section 2.1 Recommended Dosage.',
    url: 'https://dailymed.nlm.nih.gov/dailymed/search.cfm?query=mirtazapine',
    year: 2024,
    tag: 'V',
    note: 'Start 15 mg once daily; increase up to a maximum of 45 mg per day. Indicated for MDD in adults; not approved in pediatric patients.',
  },
  'desvenlafaxine-label': {
    id: 'desvenlafaxine-label',
    title: 'Pristiq (desvenlafaxine) extended-release tablets US prescribing information, section 2 Dosage.',
    url: 'https://dailymed.nlm.nih.gov/dailymed/search.cfm?query=desvenlafaxine',
    year: 2023,
    tag: 'V2',
    note: 'Recommended dose 50 mg once daily; 50–400 mg/day were effective in studies but no additional benefit was shown above 50 mg/day, and adverse reactions rose with dose.',
  },
  'nortriptyline-label': {
    id: 'nortriptyline-label',
    title: 'Nortriptyline hydrochloride capsules and oral solution (Pamelor) US prescribing information, Dosage.',
    url: 'https://dailymed.nlm.nih.gov/dailymed/search.cfm?query=nortriptyline',
    year: 2023,
    tag: 'V',
    note: 'Usual adult dose 25 mg three or four times daily; above 100 mg/day monitor plasma levels (50–150 ng/mL); doses above 150 mg/day are not recommended.',
  },
  'fluvoxamine-label': {
    id: 'fluvoxamine-label',
    title: 'Fluvoxamine maleate tablets and Luvox CR US prescribing information, Indications.',
    url: 'https://dailymed.nlm.nih.gov/dailymed/search.cfm?query=fluvoxamine',
    year: 2023,
    tag: 'K',
    note: 'Indicated in the US for obsessive-compulsive disorder only; not FDA-approved for major depressive disorder.',
  },
  'fda-pediatric-antidepressants': {
    id: 'fda-pediatric-antidepressants',
    title:
      'US prescribing information: fluoxetine (Prozac) MDD from age 8; escitalopram (Lexapro) MDD from age 12 — the only antidepressants FDA-approved for paediatric MDD.',
    url: 'https://dailymed.nlm.nih.gov/dailymed/search.cfm?query=escitalopram',
    year: 2023,
    tag: 'V2',
    note: 'Other antidepressants are not approved for MDD in patients under 18; most labels state that safety and effectiveness in paediatric patients have not been established.',
  },
  'aacap-2023': {
    id: 'aacap-2023',
    title:
      'Walter HJ et al. Clinical practice guideline for the assessment and treatment of children and adolescents with major and persistent depressive disorders. J Am Acad Child Adolesc Psychiatry 2023;62:479-502.',
    year: 2023,
    tag: 'K',
    note: 'CBT or IPT and SSRIs (fluoxetine, escitalopram) for adolescents; evidence for other agents and for augmentation comes largely from adults.',
  },
  'fda-neurostar-adolescent-2024': {
    id: 'fda-neurostar-adolescent-2024',
    title:
      'FDA 510(k) K231926 (2024-03-22): NeuroStar Advanced Therapy as an adjunct for the treatment of MDD in adolescent patients aged 15–21.',
    url: 'https://www.accessdata.fda.gov/scripts/cdrh/cfdocs/cfpmn/pmn.cfm?ID=K231926',
    year: 2024,
    tag: 'V',
    note: 'Adjunct to antidepressant treatment, ages 15–21; adult clearances (2008 onwards) cover 22 and over.',
  },
  'fda-citalopram-qt': {
    id: 'fda-citalopram-qt',
    title:
      'Celexa (citalopram) US prescribing information and FDA Drug Safety Communication on dose-dependent QT prolongation (2011, revised 2012).',
    url: 'https://www.fda.gov/drugs/drug-safety-and-availability/fda-drug-safety-communication-revised-recommendations-celexa-citalopram-hydrobromide-related',
    year: 2012,
    tag: 'K',
    note: 'Maximum 40 mg/day; 20 mg/day in patients older than 60, CYP2C19 poor metabolisers and hepatic impairment.',
  },
  'ags-beers-2023': {
    id: 'ags-beers-2023',
    title:
      'American Geriatrics Society 2023 updated AGS Beers Criteria for potentially inappropriate medication use in older adults. J Am Geriatr Soc 2023;71:2052-81.',
    url: 'https://doi.org/10.1111/jgs.18372',
    year: 2023,
    tag: 'K',
    note: 'Antidepressants (SSRIs, SNRIs, TCAs, mirtazapine): hyponatraemia/SIADH and falls; TCAs strongly anticholinergic.',
  },
  'acog-cpg-5-2023': {
    id: 'acog-cpg-5-2023',
    title:
      'ACOG Clinical Practice Guideline No. 5: Treatment and management of mental health conditions during pregnancy and postpartum. Obstet Gynecol 2023;141:1262-88.',
    year: 2023,
    tag: 'K',
    note: 'Do not stop effective treatment because of pregnancy without a risk–benefit discussion; SSRIs are first line; paroxetine, valproate and lithium need specific counselling.',
  },
  'sit-2008': {
    id: 'sit-2008',
    title:
      'Sit DK, Perel JM, Helsel JC, Wisner KL. Changes in antidepressant metabolism and dosing across pregnancy and early postpartum. J Clin Psychiatry 2008;69:652-8.',
    year: 2008,
    tag: 'V',
    note: 'Level-to-dose ratios of citalopram, escitalopram and sertraline fell between 20 weeks and delivery and recovered by 12 weeks postpartum.',
  },
  'valproate-label': {
    id: 'valproate-label',
    title: 'Valproate (Depakote, Depakene) US prescribing information: boxed warning on fetal risk.',
    url: 'https://dailymed.nlm.nih.gov/dailymed/search.cfm?query=divalproex',
    year: 2023,
    tag: 'K',
    note: 'Major congenital malformations (neural tube defects) and decreased IQ after in-utero exposure.',
  },
  'icd10cm-z55-z65': {
    id: 'icd10cm-z55-z65',
    title:
      'ICD-10-CM Tabular List, Chapter 21: Z55–Z65 Persons with potential health hazards related to socioeconomic and psychosocial circumstances.',
    url: 'https://www.cdc.gov/nchs/icd/icd-10-cm/index.html',
    year: 2025,
    tag: 'K',
    note: 'Education and literacy (Z55), employment (Z56), occupational exposure (Z57), housing and economic circumstances (Z59), social environment (Z60), upbringing (Z62), primary support group including family (Z63), psychosocial circumstances (Z64), other psychosocial circumstances (Z65).',
  },
  'sdoh-clinicalcare-ig': {
    id: 'sdoh-clinicalcare-ig',
    title: 'HL7 FHIR Implementation Guide: SDOH Clinical Care (Gravity Project), STU 2.',
    url: 'https://hl7.org/fhir/us/sdoh-clinicalcare/',
    year: 2023,
    tag: 'K',
    note: 'Social-risk Conditions coded in SNOMED CT with their ICD-10-CM Z-code, e.g. 32911000 Homeless with Z59.0, 1156191002 Housing instability with Z59.81x.',
  },
  'guo-2015-mbc': {
    id: 'guo-2015-mbc',
    title:
      'Guo T, Xiang YT, Xiao L et al. Measurement-based care versus standard care for major depression: a randomized controlled trial with blind raters. Am J Psychiatry 2015;172(10):1004-13.',
    url: 'https://doi.org/10.1176/appi.ajp.2015.14050652',
    year: 2015,
    tag: 'K',
    note: 'Treatment decisions tied to repeated rating-scale measurement (with documented decision points) improved response and remission over standard care.',
  },
  'tachywatch-design': {
    id: 'tachywatch-design',
    title: 'Tachywatch design choice (not a published standard; to be signed off by a clinician).',
    tag: 'D',
    note: 'Windows and rules derived from the cited sources where no source fixes a number.',
  },
};

export function getCitation(id: CitationId): Citation {
  return CITATIONS[id];
}
