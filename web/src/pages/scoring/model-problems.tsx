import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { ApiError } from '../../api/client';
import type { ModelProblem } from '../../api/scoring-types';

/**
 * The problems of the document being edited, by path, so each form field can
 * show the ones that name it. Paths are the validator's ("fit/2/points").
 */
interface ProblemIndex {
  at(path: string): string | undefined;
  under(path: string): string | undefined;
}

const emptyIndex: ProblemIndex = { at: () => undefined, under: () => undefined };
const ProblemsContext = createContext<ProblemIndex>(emptyIndex);

export function ProblemsProvider({
  problems,
  children,
}: {
  problems: ModelProblem[];
  children: ReactNode;
}) {
  const index = useMemo<ProblemIndex>(() => {
    const byPath = new Map<string, string[]>();
    for (const p of problems) byPath.set(p.path, [...(byPath.get(p.path) ?? []), p.message]);
    const join = (messages: string[]) => (messages.length > 0 ? messages.join('; ') : undefined);
    return {
      at: (path) => join(byPath.get(path) ?? []),
      under: (path) =>
        join(
          problems
            .filter((p) => p.path === path || p.path.startsWith(`${path}/`))
            .map((p) =>
              p.path === path ? p.message : `${p.path.slice(path.length + 1)} ${p.message}`,
            ),
        ),
    };
  }, [problems]);
  return <ProblemsContext.Provider value={index}>{children}</ProblemsContext.Provider>;
}

/** The message(s) for exactly this path, for a field's `error` prop. */
export function useProblem(path: string): string | undefined {
  return useContext(ProblemsContext).at(path);
}

/** Messages for this path and everything below it, for a field holding a list (tags). */
export function useProblemsUnder(path: string): string | undefined {
  return useContext(ProblemsContext).under(path);
}

/** A path below a parent: at('fit/2', 'points') → 'fit/2/points'. */
export function at(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}/${key}`;
}

/**
 * A refused save names fields inside the request body ("document/fit/2/points");
 * the form knows them by their path inside the document.
 */
export function problemsOfError(error: unknown): ModelProblem[] {
  if (!(error instanceof ApiError) || !error.problem.errors) return [];
  return error.problem.errors
    .filter((e) => e.field === 'document' || e.field.startsWith('document/'))
    .map((e) => ({ path: e.field.replace(/^document\/?/, ''), message: e.message }));
}
