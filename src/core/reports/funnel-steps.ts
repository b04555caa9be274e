import type { StageDefinition } from '../stages.js';
import { qualifiedStep, type Step } from './report-types.js';

/**
 * The steps the funnel shows, from the definitions in force: the funnel and
 * route stages in position order with the virtual step "qualified" (handed to
 * sales by any route) right after the routes, then the exits. The main path —
 * what conversions run along — is the funnel stages and "qualified": the
 * routes are alternatives beside it and the exits leave it.
 */
export interface FunnelSteps {
  steps: Step[];
  /** Per step: on the main path. */
  main: boolean[];
}

export const qualifiedLabel = 'Qualified (any route)';

export function funnelSteps(stages: readonly StageDefinition[]): FunnelSteps {
  const byPosition = [...stages].sort(
    (a, b) => a.position - b.position || (a.key < b.key ? -1 : 1),
  );
  const path = byPosition.filter((s) => s.kind !== 'exit');
  const lastRoute = path.map((s) => s.kind).lastIndexOf('route');
  const steps: Step[] = [];
  const main: boolean[] = [];
  path.forEach((s, i) => {
    steps.push({ key: s.key, label: s.name });
    main.push(s.kind === 'funnel');
    if (i === lastRoute) {
      steps.push({ key: qualifiedStep, label: qualifiedLabel });
      main.push(true);
    }
  });
  for (const s of byPosition.filter((x) => x.kind === 'exit')) {
    steps.push({ key: s.key, label: s.name });
    main.push(false);
  }
  return { steps, main };
}

/** The stages whose stays velocity measures: funnel and route stages, in position order. */
export function velocityStages(stages: readonly StageDefinition[]): Step[] {
  return [...stages]
    .filter((s) => s.kind !== 'exit')
    .sort((a, b) => a.position - b.position || (a.key < b.key ? -1 : 1))
    .map((s) => ({ key: s.key, label: s.name }));
}

/**
 * counts[i] ÷ the count of the main-path step before it; null off the main
 * path, for the first main step and when the step before reached nobody.
 */
export function stepConversions(
  counts: readonly number[],
  main: readonly boolean[],
): (number | null)[] {
  let previous: number | null = null;
  return counts.map((count, i) => {
    if (!main[i]) return null;
    const base = previous;
    previous = count;
    return base === null || base === 0 ? null : count / base;
  });
}

/** A share, null when the base is 0. */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** The label of a group key: '' is "none recorded". */
export const noneLabel = '(none)';

export function groupOf(
  key: string,
  labels: ReadonlyMap<string, string> = new Map(),
): { key: string | null; label: string } {
  if (key === '') return { key: null, label: noneLabel };
  return { key, label: labels.get(key) ?? key };
}
