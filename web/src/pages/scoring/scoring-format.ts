import type { Band, ModelOrigin, ModelStatus } from '../../api/scoring-types';
import type { Role } from '../../api/types';

/** Roles the server lets draft, activate and retire models (policy action scoring.manage). */
const managerRoles = new Set<Role>(['admin', 'marketing', 'sales_manager']);

export function canManageScoring(role: Role | undefined): boolean {
  return role !== undefined && managerRoles.has(role);
}

export const statusColors: Record<ModelStatus, string> = {
  draft: 'yellow',
  active: 'green',
  retired: 'gray',
};

export const originLabels: Record<ModelOrigin, string> = {
  default: 'Default model',
  manual: 'Written by hand',
  learned: 'Learned from outcomes',
};

export const bandColors: Record<Band, string> = { cold: 'blue', warm: 'orange', hot: 'red' };

// Scores are kept in units of 0.0001 point; four decimals show them exactly.
const pointsFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 4 });
const signedPointsFormat = new Intl.NumberFormat('en', {
  maximumFractionDigits: 4,
  signDisplay: 'exceptZero',
});

export function formatPoints(n: number): string {
  return pointsFormat.format(n);
}

export function formatSignedPoints(n: number): string {
  return signedPointsFormat.format(n);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
