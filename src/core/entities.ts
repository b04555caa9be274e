import type { Persona, QualificationFramework, ReasonCode } from './definitions.js';
import type { ApiKeyScope, Role } from './roles.js';
import type { StageDefinition } from './stages.js';

/** The shapes the services hand around; the glossary of DESIGN.md §3 in types. */
export interface Member {
  id: string;
  email: string;
  name: string;
  role: Role;
  teamId: string | null;
  teamName: string | null;
  timeZone: string;
  capacity: number;
  active: boolean;
}

export interface Team {
  id: string;
  name: string;
  side: 'marketing' | 'sales';
}

export interface Touch {
  source: string | null;
  medium: string | null;
  campaign: string | null;
}

export interface Contact {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  phone: string | null;
  accountId: string | null;
  account: { id: string; name: string; domain: string | null } | null;
  ownerId: string | null;
  owner: { id: string; name: string } | null;
  lifecycleStage: string;
  fitScore: number | null;
  engagementScore: number | null;
  totalScore: number | null;
  band: string | null;
  personaKey: string | null;
  /** The qualification framework's answers (field key → text), filled in by sales. */
  qualification: Record<string, string>;
  firstTouch: Touch | null;
  lastTouch: Touch | null;
  properties: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface Account {
  id: string;
  domain: string | null;
  groupId: string | null;
  name: string;
  industry: string | null;
  employees: number | null;
  annualRevenue: number | null;
  country: string | null;
  ownerId: string | null;
  properties: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface ContactEvent {
  id: string;
  contactId: string | null;
  type: string;
  name: string | null;
  source: string;
  messageId: string;
  properties: Record<string, unknown>;
  occurredAt: Date;
  receivedAt: Date;
}

export interface StageTransition {
  id: string;
  contactId: string;
  fromStage: string | null;
  toStage: string;
  actor: { kind: 'member' | 'api_key' | 'system'; id: string | null; name: string | null };
  /** Free text: the rep's note, or why the system moved the contact. */
  reason: string | null;
  reasonCode: string | null;
  amount: number | null;
  occurredAt: Date;
}

export interface StageDefinitionVersion {
  id: string;
  version: number;
  status: 'proposed' | 'active' | 'superseded';
  summary: string | null;
  createdAt: Date;
  activatedAt: Date | null;
  stages: StageDefinition[];
  personas: Persona[];
  reasonCodes: ReasonCode[];
  qualification: QualificationFramework;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Most custom properties one request or import row may give a contact or an account. */
export const maxCustomProperties = 200;
