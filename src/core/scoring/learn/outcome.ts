import { AppError } from '../../app-error.js';
import type { StageDefinition } from '../../stages.js';

/**
 * What a learned model predicts: that the contact reached a stage of the
 * written definitions, or that a contact property is truthy (an imported
 * "Converted" column).
 */
export type Outcome = { kind: 'stage'; stage: string } | { kind: 'property'; field: string };

const propertyPrefix = 'properties.';

/** `properties.<key>` is a property; anything else names a stage. */
export function parseOutcome(text: string): Outcome {
  const value = text.trim();
  if (value.startsWith(propertyPrefix)) {
    const key = value.slice(propertyPrefix.length);
    if (key === '' || key.split('.').some((s) => s === ''))
      throw new AppError(
        'validation_failed',
        `--outcome ${value}: name a property, e.g. properties.converted`,
      );
    return { kind: 'property', field: value };
  }
  if (value === '')
    throw new AppError('validation_failed', '--outcome needs a stage key or properties.<key>');
  return { kind: 'stage', stage: value };
}

export function describeOutcome(outcome: Outcome): string {
  return outcome.kind === 'stage' ? `reached stage ${outcome.stage}` : `${outcome.field} is true`;
}

/**
 * The stages whose reaching counts as reaching `key`. A funnel stage is also
 * reached by anyone who got further down the funnel (a lead imported as a
 * customer was an opportunity once); a route (MQL, PQL, CQL) or an exit only
 * by itself, since it stands beside the others.
 */
export function stagesReaching(stages: readonly StageDefinition[], key: string): string[] {
  const target = stages.find((s) => s.key === key);
  if (!target)
    throw new AppError(
      'validation_failed',
      `--outcome ${key}: no such stage; use one of ${stages.map((s) => s.key).join(', ')} or properties.<key>`,
    );
  if (target.kind !== 'funnel') return [target.key];
  return stages
    .filter((s) => s.key === key || (s.kind === 'funnel' && s.position > target.position))
    .map((s) => s.key);
}

const truthyTexts = new Set(['true', 'yes', 'y', '1', 'converted', 'won']);

/** true, a non-zero number, or a text such as "yes", "1", "true" (any case). */
export function isTruthy(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) && value !== 0;
  if (typeof value === 'string') return truthyTexts.has(value.trim().toLowerCase());
  return false;
}
