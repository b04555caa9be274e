import type { Contact, ContactEvent, StageTransition } from '../../../core/entities.js';

export function presentContact(c: Contact) {
  return { ...c, createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString() };
}

export function presentEvent(e: ContactEvent) {
  return { ...e, occurredAt: e.occurredAt.toISOString(), receivedAt: e.receivedAt.toISOString() };
}

export function presentTransition(t: StageTransition) {
  return { ...t, occurredAt: t.occurredAt.toISOString() };
}
