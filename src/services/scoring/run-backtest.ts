import { AppError } from '../../core/app-error.js';
import { authorize } from '../../core/policy.js';
import type { Actor } from '../../core/roles.js';
import {
  type BacktestFigures,
  type ModelFigures,
  startBacktest,
} from '../../core/scoring/backtest/backtest.js';
import type { OutcomeStage } from '../../core/scoring/backtest/outcomes.js';
import { resolvePeriod } from '../../core/scoring/backtest/period.js';
import type { ScoringModel } from '../../core/scoring/model.js';
import { parseScoringModel } from '../../core/scoring/validate-model.js';
import type { Db } from '../../store/db.js';
import {
  countActiveSalesReps,
  loadScoringHistoryPage,
  scoringHistoryExtent,
} from '../../store/scoring-history.js';
import {
  getActiveScoringModel,
  getScoringModel,
  listScoringModels,
  type ScoringModelStatus,
  type ScoringModelVersion,
} from '../../store/scoring-models.js';

/** Until the SLA contract (issue 6) says otherwise: DESIGN.md's "5 qualified leads per sales rep per month". */
export const defaultQuotaPerRep = 5;

const defaultPageSize = 1000;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which model a backtest ran: a document given with the request, or a stored version. */
export type BacktestModelRef =
  | { source: 'document' }
  | { source: 'version'; id: string; version: number; name: string; status: ScoringModelStatus };

export interface BacktestModelResult extends ModelFigures {
  model: BacktestModelRef;
}

export interface BacktestResult extends Omit<BacktestFigures, 'models'> {
  /** The model under test, first; then what it is compared with, if anything. */
  models: BacktestModelResult[];
}

export type CompareWith = 'active' | 'none' | { id: string } | { version: number };

export interface RunBacktestInput {
  db: Db;
  actor: Actor;
  /** The model under test: a document (e.g. a file not saved yet) or a stored version. */
  document?: unknown;
  modelId?: string;
  /** Default: the active version (none if the workspace has none). */
  compareWith?: CompareWith;
  /** Months as YYYY-MM, both included; default the last 12 months up to now. */
  from?: string;
  to?: string;
  quotaPerRep?: number;
  /** What the ranking (ROC AUC, lift) predicts; default reaching SQL. */
  outcome?: OutcomeStage;
  now?: Date;
  pageSize?: number;
  onProgress?(done: number, total: number, label: string): void;
}

function invalid(field: string, message: string, detail = `${field} ${message}`): AppError {
  return new AppError('validation_failed', detail, { fields: [{ field, message }] });
}

function versionRef(v: ScoringModelVersion): BacktestModelRef {
  return { source: 'version', id: v.id, version: v.version, name: v.name, status: v.status };
}

interface Loaded {
  ref: BacktestModelRef;
  model: ScoringModel;
}

function parseDocument(document: unknown): ScoringModel {
  try {
    return parseScoringModel(document);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // The problems name paths inside the document; the request names the document.
    throw new AppError('validation_failed', error.message, {
      fields: error.fields.map((f) => ({
        field: f.field === 'model' ? 'document' : `document/${f.field}`,
        message: f.message,
      })),
    });
  }
}

async function candidateOf(input: RunBacktestInput): Promise<Loaded> {
  const given = (input.document !== undefined ? 1 : 0) + (input.modelId !== undefined ? 1 : 0);
  if (given !== 1)
    throw invalid(
      'document',
      'give either a model document or the modelId of a stored version',
      given === 0
        ? 'Which model? Give a model document or a modelId'
        : 'Give a model document or a modelId, not both',
    );
  if (input.document !== undefined)
    return { ref: { source: 'document' }, model: parseDocument(input.document) };
  if (!uuidPattern.test(input.modelId!)) throw invalid('modelId', 'must be a version id (uuid)');
  const v = await getScoringModel(input.db, input.modelId!);
  if (!v) throw invalid('modelId', 'no scoring model version has this id');
  return { ref: versionRef(v), model: parseScoringModel(v.document) };
}

async function baselineOf(db: Db, compareWith: CompareWith): Promise<Loaded | null> {
  if (compareWith === 'none') return null;
  let v: ScoringModelVersion | null;
  if (compareWith === 'active') v = await getActiveScoringModel(db);
  else if ('id' in compareWith) {
    if (!uuidPattern.test(compareWith.id))
      throw invalid('compareWith', 'must be "active", "none" or a version id (uuid)');
    v = await getScoringModel(db, compareWith.id);
    if (!v) throw invalid('compareWith', 'no scoring model version has this id');
  } else {
    v = (await listScoringModels(db)).find((m) => m.version === compareWith.version) ?? null;
    if (!v) throw invalid('compareWith', `there is no version ${compareWith.version}`);
  }
  return v && { ref: versionRef(v), model: parseScoringModel(v.document) };
}

/**
 * Replays a model over the workspace's stored history, beside the active
 * version (or another), and reports what each would have qualified month by
 * month against the SLA quota, how those contacts converted by band, and how
 * well each ranks them (core/scoring/backtest/backtest.ts says exactly what is
 * counted). Contacts are read a page at a time, the next page loading while
 * the current one is replayed; memory holds a page and one score per contact.
 */
export async function runBacktest(input: RunBacktestInput): Promise<BacktestResult> {
  authorize(input.actor, { action: 'scoring.read' });
  const quotaPerRep = input.quotaPerRep ?? defaultQuotaPerRep;
  if (!Number.isFinite(quotaPerRep) || quotaPerRep < 0 || quotaPerRep > 10_000)
    throw invalid('quotaPerRep', 'must be a number from 0 to 10000');
  const candidate = await candidateOf(input);
  const baseline = await baselineOf(input.db, input.compareWith ?? 'active');
  const now = input.now ?? new Date();
  const [extent, reps] = await Promise.all([
    scoringHistoryExtent(input.db),
    countActiveSalesReps(input.db),
  ]);
  const period = resolvePeriod({ from: input.from, to: input.to, now, earliest: extent.earliest });
  const loaded = baseline ? [candidate, baseline] : [candidate];
  const keys = ['candidate', 'baseline'];
  const backtest = startBacktest({
    period,
    quota: { perRep: quotaPerRep, reps },
    outcome: input.outcome ?? 'sql',
    models: loaded.map((l, i) => ({ key: keys[i]!, model: l.model })),
  });

  const pageSize = input.pageSize ?? defaultPageSize;
  const eventsBefore = new Date(period.evaluatedAt);
  const load = (afterId: string | null) => {
    const page = loadScoringHistoryPage(input.db, { afterId, limit: pageSize, eventsBefore });
    // Awaited on the next turn of the loop; until then a failure must not count as unhandled.
    page.catch(() => {});
    return page;
  };
  const total = extent.contacts;
  input.onProgress?.(0, total, 'replaying contacts');
  let next = load(null);
  for (;;) {
    const page = await next;
    if (page.length === 0) break;
    next = page.length < pageSize ? Promise.resolve([]) : load(page[page.length - 1]!.id);
    for (const contact of page) backtest.add(contact);
    // Contacts created meanwhile can take `done` past the count taken at the start.
    input.onProgress?.(backtest.added, Math.max(total, backtest.added), 'replaying contacts');
  }

  const figures = backtest.figures();
  return {
    ...figures,
    models: figures.models.map((m, i) => ({ ...m, model: loaded[i]!.ref })),
  };
}
