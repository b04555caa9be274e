import type {
  ActivityCondition,
  EngagementRule,
  FitRule,
  RouteKey,
  ScoringEvent,
  ScoringModel,
} from './model.js';
import { eventMatches } from './predicates.js';

export const routeKeys: readonly RouteKey[] = ['pql', 'cql'];

/** Negative rules count towards fit or engagement like the others; `kind` keeps them apart in explanations. */
export type ContributionKind = 'fit' | 'engagement' | 'negative';

export interface KindedFitRule {
  rule: FitRule;
  kind: 'fit' | 'negative';
}

export interface KindedEngagementRule {
  rule: EngagementRule;
  kind: 'engagement' | 'negative';
}

export interface ConditionRef {
  route: RouteKey;
  index: number;
  condition: ActivityCondition;
}

interface RuleLists {
  fit: KindedFitRule[];
  engagement: KindedEngagementRule[];
  /** By event type: most events concern a few rules, and this skips the rest unread. */
  engagementByType: Map<string, EngagementRule[]>;
  conditionsByType: Map<string, ConditionRef[]>;
}

function groupBy<T>(items: readonly T[], keys: (item: T) => readonly string[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items)
    for (const key of keys(item)) {
      const list = map.get(key);
      if (list) list.push(item);
      else map.set(key, [item]);
    }
  return map;
}

// Models are read-only once parsed, and these lists are wanted once per event.
const lists = new WeakMap<ScoringModel, RuleLists>();

function listsOf(model: ScoringModel): RuleLists {
  let l = lists.get(model);
  if (!l) {
    const engagement = [
      ...model.engagement.map((rule) => ({ rule, kind: 'engagement' as const })),
      ...model.negative.flatMap((rule) =>
        rule.on === 'engagement' ? [{ rule, kind: 'negative' as const }] : [],
      ),
    ];
    const conditions = routeKeys.flatMap((route) =>
      (model.qualification[route]?.conditions ?? []).map((condition, index) => ({
        route,
        index,
        condition,
      })),
    );
    l = {
      fit: [
        ...model.fit.map((rule) => ({ rule, kind: 'fit' as const })),
        ...model.negative.flatMap((rule) =>
          rule.on === 'fit' ? [{ rule, kind: 'negative' as const }] : [],
        ),
      ],
      engagement,
      engagementByType: groupBy(
        engagement.map((r) => r.rule),
        (rule) => [rule.eventType],
      ),
      conditionsByType: groupBy(conditions, (c) => c.condition.eventTypes),
    };
    lists.set(model, l);
  }
  return l;
}

/**
 * The event types any engagement rule or PQL/CQL condition counts, sorted: an
 * event of another type leaves a score state as it was, so rebuilding one needs
 * only the stored events of these types.
 */
export function eventTypesScored(model: ScoringModel): string[] {
  const l = listsOf(model);
  return [...new Set([...l.engagementByType.keys(), ...l.conditionsByType.keys()])].sort();
}

/** Fit rules, then negative fit rules, in document order: the order ties are broken in. */
export function fitRulesOf(model: ScoringModel): readonly KindedFitRule[] {
  return listsOf(model).fit;
}

export function engagementRulesOf(model: ScoringModel): readonly KindedEngagementRule[] {
  return listsOf(model).engagement;
}

/** The engagement rules (model order) an event earns points from. */
export function rulesMatching(model: ScoringModel, event: ScoringEvent): EngagementRule[] {
  const candidates = listsOf(model).engagementByType.get(event.type) ?? [];
  return candidates.filter((rule) => eventMatches(rule.filters, event));
}

/** The PQL / CQL conditions an event counts towards. */
export function conditionsMatching(model: ScoringModel, event: ScoringEvent): ConditionRef[] {
  const candidates = listsOf(model).conditionsByType.get(event.type) ?? [];
  return candidates.filter((c) => eventMatches(c.condition.filters, event));
}

export function ruleMatchesEvent(rule: EngagementRule, event: ScoringEvent): boolean {
  return event.type === rule.eventType && eventMatches(rule.filters, event);
}

export function conditionMatchesEvent(condition: ActivityCondition, event: ScoringEvent): boolean {
  return condition.eventTypes.includes(event.type) && eventMatches(condition.filters, event);
}

/** Events are ordered by time, then id: the order caps award in, whatever order they arrive in. */
export function compareOccurrences(
  a: { at: number; eventId: string },
  b: { at: number; eventId: string },
): number {
  return a.at - b.at || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
}
