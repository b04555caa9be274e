/**
 * The definitions API's shapes (GET /api/v1/definitions…, /api/v1/personas).
 * The server's src/core/definitions.ts is the source; the web app talks HTTP
 * only, so they are declared again here.
 */
import type { Predicate } from '../../api/scoring-types';
import type { Stage } from '../../api/types';

export type Side = 'marketing' | 'sales';
export type EntryRequirement = 'qualification' | 'amount' | 'reason';

export interface StageDefinition extends Stage {
  entryRequirements: EntryRequirement[];
}

export interface Persona {
  key: string;
  name: string;
  description: string;
  goals: string[];
  pains: string[];
  criteria: Predicate;
}

export interface ReasonCode {
  key: string;
  label: string;
  kind: 'reject' | 'lost';
  outcome: string;
}

export interface QualificationFramework {
  key: 'bant' | 'gpct';
  name: string;
  fields: { key: string; label: string; help: string }[];
}

export interface DefinitionsDocument {
  stages: StageDefinition[];
  personas: Persona[];
  reasonCodes: ReasonCode[];
  qualification: QualificationFramework;
}

export interface Signature {
  member: { id: string; name: string };
  side: Side;
  note: string | null;
  signedAt: string;
}

export interface Rematch {
  status: 'running' | 'completed' | 'stopped';
  done: number;
  total: number;
  startedAt: string;
  finishedAt: string | null;
}

export interface DefinitionsVersion {
  id: string;
  version: number;
  status: 'proposed' | 'active' | 'superseded';
  summary: string | null;
  proposedBy: { id: string; name: string } | null;
  createdAt: string;
  /** Null for a version that never took effect. */
  activatedAt: string | null;
  document: DefinitionsDocument;
  signatures: Signature[];
  rematch: Rematch | null;
}

export interface PersonaInForce extends Persona {
  contacts: number;
}

export interface PersonaList {
  version: { id: string; version: number };
  items: PersonaInForce[];
}
