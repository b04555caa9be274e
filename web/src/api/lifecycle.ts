import { ApiError, api } from './client';
import type { Contact, ContactEvent, Problem, Stage } from './types';
import { useApi } from './use-api';

/**
 * The lead desk's calls (src/server/routes/leads) and the parts of the
 * definitions in force they need: reason codes and the qualification framework.
 */

export type ReasonKind = 'reject' | 'lost';

export interface ReasonCode {
  key: string;
  label: string;
  kind: ReasonKind;
  /** The exit stage the lead moves to with this reason (recycled or disqualified). */
  outcome: string;
}

export interface QualificationField {
  key: string;
  label: string;
  help: string;
}

export interface QualificationFramework {
  key: 'bant' | 'gpct';
  name: string;
  fields: QualificationField[];
}

export interface Persona {
  key: string;
  name: string;
  description: string;
  goals: string[];
  pains: string[];
}

/** What the lead desk reads of the definitions document (GET /api/v1/definitions). */
export interface LeadDefinitions {
  reasonCodes: ReasonCode[];
  qualification: QualificationFramework | null;
  personas: Persona[];
}

/** Mirrors src/core/sales-activity.ts: the outcomes each channel can have. */
export const attemptOutcomes = {
  call: ['connected', 'no_answer', 'left_voicemail', 'wrong_number', 'call_back_later'],
  email: ['sent', 'replied', 'bounced'],
  meeting: ['held', 'no_show', 'rescheduled', 'cancelled'],
} as const;

export type AttemptChannel = keyof typeof attemptOutcomes;
export type AttemptOutcome = (typeof attemptOutcomes)[AttemptChannel][number];
export const attemptChannels = Object.keys(attemptOutcomes) as AttemptChannel[];
export const salesAttemptEventType = 'sales_attempt';

export interface AttemptRequest {
  channel: AttemptChannel;
  outcome: AttemptOutcome;
  note?: string;
  /** ISO date-time; left out means now. */
  occurredAt?: string;
}

export interface TransitionRequest {
  to: string;
  reasonCode?: string;
  amount?: number;
  note?: string;
}

const contactPath = (id: string, action: string) =>
  `/api/v1/contacts/${encodeURIComponent(id)}/${action}`;

function post<T>(id: string, action: string, body: object, method = 'POST'): Promise<T> {
  return api<T>(contactPath(id, action), { method, body });
}

export const leadApi = {
  accept: (id: string, body: { note?: string } = {}) => post<Contact>(id, 'accept', body),
  reject: (id: string, body: { reasonCode: string; note?: string }) =>
    post<Contact>(id, 'reject', body),
  saveQualification: (id: string, answers: Record<string, string>) =>
    post<Contact>(id, 'qualification', { answers }, 'PUT'),
  qualify: (id: string, body: { answers?: Record<string, string>; note?: string }) =>
    post<Contact>(id, 'qualify', body),
  openOpportunity: (id: string, body: { amount?: number; note?: string }) =>
    post<Contact>(id, 'opportunity', body),
  won: (id: string, body: { amount: number; note?: string }) => post<Contact>(id, 'won', body),
  lost: (id: string, body: { reasonCode: string; note?: string }) =>
    post<Contact>(id, 'lost', body),
  move: (id: string, body: TransitionRequest) => post<Contact>(id, 'transitions', body),
  logAttempt: (id: string, body: AttemptRequest) => post<ContactEvent>(id, 'attempts', body),
  assign: (id: string, ownerId: string | null) =>
    api<Contact>(`/api/v1/contacts/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      body: { ownerId },
    }),
};

/** The extensions a lead action's problem may carry beside `detail`. */
export interface LeadProblem extends Problem {
  /** invalid_transition: the stages the contact may move to from where it is. */
  allowed?: string[];
  /** An incomplete framework: the field keys still unanswered. */
  missing?: string[];
}

export function leadProblem(error: unknown): LeadProblem | null {
  return error instanceof ApiError ? (error.problem as LeadProblem) : null;
}

/** GET /api/v1/definitions (src/server/routes/definitions/schemas.ts), as far as the desk reads it. */
export interface DefinitionsVersion {
  id: string;
  version: number;
  status: 'proposed' | 'active' | 'superseded';
  activatedAt: string | null;
  document: {
    stages: Stage[];
    personas: Persona[];
    reasonCodes: ReasonCode[];
    qualification: QualificationFramework;
  };
}

const noDefinitions: LeadDefinitions = { reasonCodes: [], qualification: null, personas: [] };

export interface DefinitionsState {
  definitions: LeadDefinitions;
  loading: boolean;
  /** A failure other than the endpoint being absent: a server older than it answers 404. */
  error: Error | null;
}

export function useLeadDefinitions(): DefinitionsState {
  const loaded = useApi<DefinitionsVersion>('/api/v1/definitions');
  const absent = loaded.error instanceof ApiError && loaded.error.problem.status === 404;
  const doc = loaded.data?.document;
  return {
    definitions: doc
      ? { reasonCodes: doc.reasonCodes, qualification: doc.qualification, personas: doc.personas }
      : noDefinitions,
    loading: loaded.loading,
    error: absent ? null : loaded.error,
  };
}

/** "12,500" — amounts carry no currency in Tandem; the workspace knows its own. */
export function formatAmount(amount: number): string {
  return new Intl.NumberFormat('en', { maximumFractionDigits: 2 }).format(amount);
}

export function humanize(key: string): string {
  const text = key.replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
