/** Mantine's NumberInput reports text while a number is half typed ("-", "1."); an empty box is "no value". */
export function numberOrUndefined(value: number | string): number | undefined {
  if (typeof value === 'number') return value;
  if (value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Sets an optional key, or leaves it out for no value, so the document reads as typed. */
export function withOptional<T extends object>(obj: T, key: string, v: number | undefined): T {
  const { [key]: _drop, ...rest } = obj as Record<string, unknown>;
  return (v === undefined ? rest : { ...rest, [key]: v }) as T;
}
