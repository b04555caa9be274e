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
  /** The persona matched from the definitions in force, by key. */
  personaKey: string | null;
  /** Answers to the qualification framework's fields, by field key. */
  qualification: Record<string, string>;
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
  /** The note given with the move. */
  reason: string | null;
  reasonCode: string | null;
  amount: number | null;
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
  /** What a move into this stage must carry. */
  entryRequirements?: ('qualification' | 'amount' | 'reason')[];
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
  code?: string;
  errors?: { field: string; message: string }[];
}

export type ImportKind = 'contacts' | 'accounts' | 'events';
export type ImportPreset = 'hubspot' | 'salesforce' | 'tandem';

/** What `POST /api/v1/imports` takes: the file's text and how to read it. */
export interface ImportRequest {
  kind: ImportKind;
  csv: string;
  fileName?: string;
  /** Left out: the server detects the preset from the header. */
  preset?: ImportPreset;
  /** A custom mapping file's content: CSV column → field. */
  mapping?: Record<string, unknown>;
  dryRun?: boolean;
}

/** One CSV column and the field it fills; `field: null` means the column is ignored. */
export interface ImportColumnMapping {
  column: string;
  field: string | null;
}

export interface ImportRowError {
  row: number;
  column: string | null;
  value: string | null;
  reason: string;
}

/** The outcome of an import run, or of a dry run (`dryRun`, `id: null`): what it did or would do. */
export interface ImportReport {
  id: string | null;
  kind: ImportKind;
  fileName: string | null;
  dryRun: boolean;
  /** The preset used, whether chosen or detected from the header. */
  preset: ImportPreset | null;
  mapping: ImportColumnMapping[];
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** All errors found; `errors` may list only the first of them. */
  errorCount: number;
  errors: ImportRowError[];
  startedAt: string;
  finishedAt: string;
}
