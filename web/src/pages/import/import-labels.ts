import type { ImportKind, ImportPreset } from '../../api/types';

export const kindLabels: Record<ImportKind, string> = {
  contacts: 'Contacts',
  accounts: 'Accounts',
  events: 'Events',
};

export const presetLabels: Record<ImportPreset, string> = {
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  tandem: 'Tandem export',
};

/** Where the imported records can be looked at afterwards. */
export const kindListPaths: Record<ImportKind, { path: string; label: string }> = {
  contacts: { path: '/contacts', label: 'Open the contacts list' },
  accounts: { path: '/accounts', label: 'Open the accounts list' },
  events: { path: '/contacts', label: 'Open the contacts list' },
};

const number = new Intl.NumberFormat('en');

export function formatCount(n: number): string {
  return number.format(n);
}

/** "1 row", "2,300 rows". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
