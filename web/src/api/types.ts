/** The API's shapes as the web app uses them (see /api/openapi.json). */
export type Role = 'admin' | 'marketing' | 'sales_manager' | 'sales_rep';

export interface Member {
  id: string;
  email: string;
  name: string;
  role: Role;
  teamId: string | null;
  teamName: string | null;
  timeZone: string;
  active: boolean;
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
  firstTouch: Touch | null;
  lastTouch: Touch | null;
  properties: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface Account {
  id: string;
  domain: string | null;
  name: string;
  industry: string | null;
  employees: number | null;
  annualRevenue: number | null;
  country: string | null;
  ownerId: string | null;
  properties: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface ContactEvent {
  id: string;
  contactId: string;
  type: string;
  name: string | null;
  source: string | null;
  properties: Record<string, unknown>;
  occurredAt: string;
  receivedAt: string;
}

export interface StageTransition {
  id: string;
  fromStage: string | null;
  toStage: string;
  actor: { kind: 'member' | 'api_key' | 'system'; id: string | null; name: string | null };
  reason: string | null;
  occurredAt: string;
}

export interface Stage {
  key: string;
  name: string;
  position: number;
  kind: 'funnel' | 'route' | 'exit';
  owningTeam: 'marketing' | 'sales';
  definition: string;
  entryCriteria: string;
  exitCriteria: string;
  allowedTransitions: string[];
}

export interface StagesResponse {
  version: { id: string; version: number; activatedAt: string | null };
  items: Stage[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}
