import { createContext, type ReactNode, useContext } from 'react';
import type { Stage, StagesResponse } from '../api/types';
import { type Loaded, useApi } from '../api/use-api';

interface StagesState extends Loaded<StagesResponse> {
  stages: Stage[];
  /** The stage's agreed name, or its key while the definitions load (or for a retired stage). */
  nameOf(key: string): string;
  /** A badge-sized name: the acronym where the name ends in one ("… (MQL)"), else the name. */
  shortNameOf(key: string): string;
}

const StagesContext = createContext<StagesState | null>(null);

// Fetched once per signed-in shell: stage badges appear on every page.
export function StagesProvider({ children }: { children: ReactNode }) {
  const loaded = useApi<StagesResponse>('/api/v1/stages');
  const stages = [...(loaded.data?.items ?? [])].sort((a, b) => a.position - b.position);
  const byKey = new Map(stages.map((s) => [s.key, s]));
  const nameOf = (key: string) => byKey.get(key)?.name ?? key;
  const shortNameOf = (key: string) => {
    const name = byKey.get(key)?.name;
    if (!name) return key;
    return /\(([A-Z]{2,})\)$/.exec(name)?.[1] ?? name;
  };
  return (
    <StagesContext.Provider value={{ ...loaded, stages, nameOf, shortNameOf }}>
      {children}
    </StagesContext.Provider>
  );
}

export function useStages(): StagesState {
  const stages = useContext(StagesContext);
  if (!stages) throw new Error('useStages outside StagesProvider');
  return stages;
}
