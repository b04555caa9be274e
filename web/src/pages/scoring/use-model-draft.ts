import { useCallback, useState } from 'react';
import type { ScoringModel } from '../../api/scoring-types';

export interface ModelDraft {
  /** The document as last understood: what the form shows and validation checks. */
  doc: unknown;
  /** The JSON tab's text; it may hold half-typed JSON that `doc` does not follow yet. */
  text: string;
  jsonError: string | null;
  dirty: boolean;
}

const show = (doc: unknown) => JSON.stringify(doc, null, 2);

/**
 * One document edited two ways, kept in sync: a form change rewrites the JSON
 * text; JSON text that parses replaces the document (and so the form).
 */
export function useModelDraft(initial: ScoringModel) {
  const [draft, setDraft] = useState<ModelDraft>(() => ({
    doc: initial,
    text: show(initial),
    jsonError: null,
    dirty: false,
  }));

  const setDoc = useCallback((doc: unknown) => {
    setDraft({ doc, text: show(doc), jsonError: null, dirty: true });
  }, []);

  const setText = useCallback((text: string) => {
    setDraft((d) => {
      try {
        return { doc: JSON.parse(text) as unknown, text, jsonError: null, dirty: true };
      } catch (e) {
        return { ...d, text, jsonError: (e as Error).message, dirty: true };
      }
    });
  }, []);

  const reset = useCallback((doc: unknown) => {
    setDraft({ doc, text: show(doc), jsonError: null, dirty: false });
  }, []);

  return { draft, setDoc, setText, reset };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The document if the form can lay it out (lists where rules go, objects where
 * bands and qualification go); deeper mistakes are the validator's to name.
 */
export function formShape(doc: unknown): ScoringModel | null {
  if (!isObject(doc)) return null;
  const lists = ['fit', 'engagement', 'negative'].every((k) => Array.isArray(doc[k]));
  const rulesAreObjects = ['fit', 'engagement', 'negative'].every((k) =>
    (doc[k] as unknown[]).every(isObject),
  );
  if (!lists || !rulesAreObjects) return null;
  if (!isObject(doc.bands) || !isObject(doc.qualification)) return null;
  if (!isObject(doc.qualification.mql)) return null;
  return doc as unknown as ScoringModel;
}
