import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { ModelProblem, ModelValidation } from '../../api/scoring-types';

const debounceMs = 350;

export interface ValidationState {
  problems: ModelProblem[];
  /** A check is on its way for the latest document. */
  checking: boolean;
  /** The server could not be asked; problems are those of the last answer. */
  error: Error | null;
  /** The latest document is known to be valid. */
  valid: boolean;
}

/**
 * Live validation through `POST /api/v1/scoring/validate`, the same checks a
 * save runs, asked for shortly after the last change. Answers to older
 * documents are dropped.
 */
export function useModelValidation(doc: unknown, enabled: boolean): ValidationState {
  const [state, setState] = useState<ValidationState>({
    problems: [],
    checking: false,
    error: null,
    valid: false,
  });

  useEffect(() => {
    if (!enabled) return;
    let current = true;
    setState((s) => ({ ...s, checking: true }));
    const timer = setTimeout(() => {
      api<ModelValidation>('/api/v1/scoring/validate', {
        method: 'POST',
        body: { document: doc },
      }).then(
        (answer) =>
          current &&
          setState({
            problems: answer.problems,
            checking: false,
            error: null,
            valid: answer.valid,
          }),
        (error: Error) => current && setState((s) => ({ ...s, checking: false, error })),
      );
    }, debounceMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [doc, enabled]);

  return state;
}
