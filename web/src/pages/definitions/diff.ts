import { criteriaText } from './criteria-text';
import type { DefinitionsDocument } from './types';

export interface Change {
  area: 'Stage' | 'Persona' | 'Reason code' | 'Qualification';
  key: string;
  kind: 'added' | 'removed' | 'changed';
  /** What changed, one line per field ("definition: … → …"). */
  details: string[];
}

interface Keyed {
  key: string;
}

function show(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.join(', ');
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  return JSON.stringify(value);
}

/** Field by field, in the order of `fields`, with how each reads before and after. */
function fieldChanges<T extends object>(
  before: T,
  after: T,
  fields: readonly (keyof T & string)[],
  render: (field: keyof T & string, value: unknown) => string = (_f, v) => show(v),
): string[] {
  return fields
    .filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]))
    .map((f) => `${f}: ${render(f, before[f])} → ${render(f, after[f])}`);
}

function listChanges<T extends Keyed>(
  area: Change['area'],
  before: readonly T[],
  after: readonly T[],
  compare: (a: T, b: T) => string[],
): Change[] {
  const old = new Map(before.map((x) => [x.key, x]));
  const now = new Set(after.map((x) => x.key));
  const changes: Change[] = [];
  for (const item of after) {
    const was = old.get(item.key);
    if (!was) changes.push({ area, key: item.key, kind: 'added', details: [] });
    else {
      const details = compare(was, item);
      if (details.length > 0) changes.push({ area, key: item.key, kind: 'changed', details });
    }
  }
  for (const item of before)
    if (!now.has(item.key)) changes.push({ area, key: item.key, kind: 'removed', details: [] });
  return changes;
}

/** What a proposal changes against the definitions in force. */
export function diffDefinitions(before: DefinitionsDocument, after: DefinitionsDocument): Change[] {
  const stages = listChanges('Stage', before.stages, after.stages, (a, b) =>
    fieldChanges(a, b, [
      'name',
      'position',
      'kind',
      'owningTeam',
      'definition',
      'entryCriteria',
      'exitCriteria',
      'allowedTransitions',
      'entryRequirements',
    ]),
  );
  const personas = listChanges('Persona', before.personas, after.personas, (a, b) =>
    fieldChanges(a, b, ['name', 'description', 'goals', 'pains', 'criteria'], (f, v) =>
      f === 'criteria' ? criteriaText(v as typeof a.criteria) : show(v),
    ),
  );
  const order = (d: DefinitionsDocument) => d.personas.map((p) => p.key).join(', ');
  const kept = new Set(before.personas.map((p) => p.key));
  const reordered =
    order(before) !== order(after) &&
    before.personas.length === after.personas.length &&
    after.personas.every((p) => kept.has(p.key));
  if (reordered)
    personas.push({
      area: 'Persona',
      key: '(order)',
      kind: 'changed',
      details: [`matching order: ${order(before)} → ${order(after)}`],
    });
  const reasons = listChanges('Reason code', before.reasonCodes, after.reasonCodes, (a, b) =>
    fieldChanges(a, b, ['label', 'kind', 'outcome']),
  );
  const q = before.qualification;
  const r = after.qualification;
  const framework: Change[] = [];
  const head = fieldChanges(q, r, ['key', 'name']);
  if (head.length > 0)
    framework.push({ area: 'Qualification', key: r.key, kind: 'changed', details: head });
  framework.push(
    ...listChanges('Qualification', q.fields, r.fields, (a, b) =>
      fieldChanges(a, b, ['label', 'help']),
    ),
  );
  return [...stages, ...personas, ...reasons, ...framework];
}
