import { useCallback, useState } from 'react';

export interface LeadAction {
  busy: boolean;
  error: Error | null;
  /** Runs one call; true when it succeeded. Either way the contact is read again. */
  run(call: () => Promise<unknown>): Promise<boolean>;
  clear(): void;
}

/**
 * One lead action in flight at a time, with its failure kept for the form
 * that caused it. A refusal (403, 409) usually means the lead moved under us,
 * so the page is refreshed after failures too.
 */
export function useLeadAction(onChanged: () => void): LeadAction {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const run = useCallback(
    async (call: () => Promise<unknown>) => {
      setBusy(true);
      setError(null);
      try {
        await call();
        return true;
      } catch (e) {
        setError(e instanceof Error ? e : new Error(String(e)));
        return false;
      } finally {
        setBusy(false);
        onChanged();
      }
    },
    [onChanged],
  );
  const clear = useCallback(() => setError(null), []);
  return { busy, error, run, clear };
}
