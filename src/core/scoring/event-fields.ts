import type { Predicate, ScoringModel } from './model.js';

function collect(p: Predicate, into: Set<string>): void {
  switch (p.op) {
    case 'all':
    case 'any':
      for (const q of p.predicates) collect(q, into);
      return;
    case 'not':
      collect(p.predicate, into);
      return;
    case 'persona':
      return;
    default:
      if (p.field.startsWith('properties.'))
        into.add(p.field.slice('properties.'.length).split('.')[0]!);
  }
}

/**
 * The top-level event property keys a model's event filters read, in a stable
 * order: a rescore reads just these from storage instead of whole property
 * objects (a page view carries url, referrer, title and more; rules read path).
 */
export function eventPropertyKeysRead(model: ScoringModel): string[] {
  const keys = new Set<string>();
  const filters: Predicate[] = [
    ...model.engagement.flatMap((r) => r.filters ?? []),
    ...model.negative.flatMap((r) => (r.on === 'engagement' ? (r.filters ?? []) : [])),
    ...(['pql', 'cql'] as const).flatMap((k) =>
      (model.qualification[k]?.conditions ?? []).flatMap((c) => c.filters ?? []),
    ),
  ];
  for (const f of filters) collect(f, keys);
  return [...keys].sort();
}
