import type { Predicate, Scalar } from '../../api/scoring-types';
import { opLabels } from '../scoring/predicate-ops';

const quote = (v: Scalar) => (typeof v === 'string' ? `"${v}"` : String(v));

/** A persona's criteria in words, for people who do not read JSON. */
export function criteriaText(p: Predicate): string {
  switch (p.op) {
    case 'equals':
      return `${p.field} ${opLabels.equals} ${quote(p.value)}`;
    case 'in':
      return `${p.field} ${opLabels.in} ${p.values.map(quote).join(', ')}`;
    case 'contains':
      return `${p.field} ${opLabels.contains} ${quote(p.value)}`;
    case 'range':
      if (p.min !== undefined && p.max !== undefined)
        return `${p.field} is between ${p.min} and ${p.max}`;
      return p.min !== undefined
        ? `${p.field} is at least ${p.min}`
        : `${p.field} is at most ${p.max}`;
    case 'exists':
      return `${p.field} ${opLabels.exists}`;
    case 'regex':
      return `${p.field} ${opLabels.regex} /${p.pattern}/${p.caseSensitive ? '' : 'i'}`;
    case 'persona':
      return `persona is ${p.personas.join(' or ')}`;
    case 'all':
      return p.predicates.map(group).join(' and ');
    case 'any':
      return p.predicates.map(group).join(' or ');
    case 'not':
      return `not ${group(p.predicate)}`;
  }
}

function group(p: Predicate): string {
  return p.op === 'all' || p.op === 'any' ? `(${criteriaText(p)})` : criteriaText(p);
}
