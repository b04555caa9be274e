import type { Contribution } from '../../api/scoring-types';

/**
 * Scores are whole units of 0.0001 point; adding the contributions as integers
 * of that unit is exact, where adding the decimals as floats would drift.
 */
const unitsPerPoint = 10_000;

export function toUnits(points: number): number {
  return Math.round(points * unitsPerPoint);
}

export function fromUnits(units: number): number {
  return units / unitsPerPoint;
}

export interface ScoreCheck {
  /** Sum of every contribution, in units. */
  sum: number;
  fitSum: number;
  engagementSum: number;
  matches: boolean;
}

export function checkContributions(
  contributions: Contribution[],
  score: { fit: number; engagement: number; total: number },
): ScoreCheck {
  let fitSum = 0;
  let engagementSum = 0;
  for (const c of contributions) {
    if (c.part === 'fit') fitSum += toUnits(c.points);
    else engagementSum += toUnits(c.points);
  }
  const sum = fitSum + engagementSum;
  return {
    sum,
    fitSum,
    engagementSum,
    matches:
      sum === toUnits(score.total) &&
      fitSum === toUnits(score.fit) &&
      engagementSum === toUnits(score.engagement),
  };
}
