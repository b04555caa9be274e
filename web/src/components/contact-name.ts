import type { Contact } from '../api/types';

/** How a contact is named everywhere: full name, else email, so no row is blank. */
export function contactName(c: Pick<Contact, 'firstName' | 'lastName' | 'email'>): string {
  return [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || '(no name)';
}
