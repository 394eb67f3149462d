import type { IsoDate } from '../domain/dates';
import { ITEM_COUNT, type Part } from './phq9-parts';

/**
 * Groups the parts of PHQ-9 administrations: parts joined by links (hasMember, derivedFrom; `links` as index pairs)
 * form one group (union-find), as do panels and questionnaire responses on their own; loose totals and items then join
 * a same-day group they fit in without overwriting a different value, or start their own.
 */
export function groupParts(parts: readonly Part[], links: readonly (readonly [number, number])[]): Part[][] {
  const parent = new Int32Array(parts.length);
  for (let i = 0; i < parts.length; i += 1) {
    parent[i] = i;
  }
  const find = (start: number): number => {
    let root = start;
    while (parent[root] !== root) {
      root = parent[root] as number;
    }
    parent[start] = root;
    return root;
  };
  const linked = new Uint8Array(parts.length);
  for (const [from, to] of links) {
    if (to !== from) {
      parent[find(to)] = find(from);
      linked[to] = 1;
      linked[from] = 1;
    }
  }
  const groupsByRoot = new Map<number, Part[]>();
  const grouped: Part[][] = [];
  const byDate = new Map<IsoDate, Part[][]>();
  const loose: Part[] = [];
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] as Part;
    if (linked[i] === 1 || part.kind === 'panel' || part.kind === 'questionnaire') {
      const root = find(i);
      const group = groupsByRoot.get(root);
      if (group) {
        group.push(part);
      } else {
        const created = [part];
        groupsByRoot.set(root, created);
        grouped.push(created);
        addToDay(byDate, part.date, created);
      }
    } else {
      loose.push(part);
    }
  }
  for (const part of loose) {
    const candidates = byDate.get(part.date);
    const home = candidates?.find((group) => fits(group, part));
    if (home) {
      home.push(part);
    } else {
      const created = [part];
      grouped.push(created);
      addToDay(byDate, part.date, created);
    }
  }
  return grouped;
}

/** Whether a loose total or item can join a same-day group without overwriting a different value. */
function fits(group: readonly Part[], part: Part): boolean {
  if (part.total !== undefined) {
    const total = group.find((member) => member.total !== undefined)?.total;
    if (total !== undefined) {
      return false;
    }
  }
  if (part.items) {
    for (let itemIndex = 0; itemIndex < ITEM_COUNT; itemIndex += 1) {
      if (part.items[itemIndex] !== undefined && group.some((member) => member.items?.[itemIndex] !== undefined)) {
        return false;
      }
    }
  }
  return true;
}

function addToDay(byDate: Map<IsoDate, Part[][]>, date: IsoDate, group: Part[]): void {
  const sameDay = byDate.get(date);
  if (sameDay) {
    sameDay.push(group);
  } else {
    byDate.set(date, [group]);
  }
}
