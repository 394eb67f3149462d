import type { PatientInfo } from '../domain/record';
import { getIsoDate, getObjects, getString, getStrings, getText, type JsonObject } from './json';

const GENDERS: readonly NonNullable<PatientInfo['gender']>[] = ['male', 'female', 'other', 'unknown'];

function toDisplayName(resource: JsonObject): string | undefined {
  const names = getObjects(resource, 'name');
  const name =
    names.find((candidate) => getString(candidate, 'use') === 'official') ??
    names.find((candidate) => getString(candidate, 'use') !== 'old') ??
    names[0];
  if (!name) {
    return undefined;
  }
  const text = getText(name, 'text');
  if (text) {
    return text;
  }
  const parts = [...getStrings(name, 'given'), getString(name, 'family') ?? ''].filter((part) => part.length > 0);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

export function readPatient(resource: JsonObject): PatientInfo {
  const id = getString(resource, 'id');
  const birthDate = getIsoDate(resource, 'birthDate');
  const gender = getString(resource, 'gender');
  const name = toDisplayName(resource);
  return {
    ...(id ? { id } : {}),
    ...(birthDate ? { birthDate } : {}),
    ...(gender && (GENDERS as readonly string[]).includes(gender) ? { gender: gender as PatientInfo['gender'] } : {}),
    ...(name ? { name } : {}),
  };
}
