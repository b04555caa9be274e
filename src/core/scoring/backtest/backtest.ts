import { evaluateFit } from '../evaluate.js';
import type { Band, ScoringContact, ScoringEvent, ScoringModel } from '../model.js';
import {
  type ContactOutcome,
  contactOutcome,
  type OutcomeStage,
  reached,
  type StageTransitionRecord,
} from './outcomes.js';
import { monthKey, monthOf, monthsOf, type Period } from './period.js';
import { type Ranking, RankingCollector } from './ranking.js';
import { type QualificationRoute, replayContact } from './replay.js';

/**
 * A backtest replays scoring models over stored history and sets what they
 * would have done beside what sales recorded (issue 4, deliverable 5). It is
 * fed one contact at a time and keeps only counters and one score per contact
 * and model, so a caller can stream a million contacts through it in pages.
 *
 * What is counted, per model:
 * - Month by month: contacts whose first qualification (MQL, PQL or CQL, see
 *   replay.ts) falls in the month, by route, and how those went on (accepted,
 *   SQL, won), against the SLA's MQL quota.
 * - The cohort: contacts known before the period's end whose decision instant
 *   falls in the period. The decision instant is when sales actually got the
 *   contact (its first transition into MQL, PQL, CQL or a later stage), or the
 *   period's end for a contact never handed over. Contacts sales got before the
 *   period belong to an earlier backtest. The cohort does not depend on the
 *   model, so two models are compared on the same contacts.
 * - Rates by band, over the cohort: each contact in the band the model gave it
 *   when it first qualified, or at the period's end if it never did, and the
 *   share of each band that reached SAL (accepted), SQL and customer (won).
 * - Ranking, over the cohort: the model's score at the decision instant
 *   against the outcome (default: reached SQL), as ROC AUC and lift. Scoring at
 *   the handoff asks what the model knew when sales had to choose.
 *
 * Profiles (fit) are read as they are today: contacts and accounts keep no
 * history of their fields. Events and qualification stop at the period's end;
 * outcomes are counted whenever they were recorded (outcomes.ts).
 */

export interface BacktestContact {
  id: string;
  createdAt: Date;
  profile: ScoringContact;
  events: readonly ScoringEvent[];
  transitions: readonly StageTransitionRecord[];
}

export interface BacktestModel {
  /** How the result names it, e.g. `candidate` and `baseline`. */
  key: string;
  model: ScoringModel;
}

export interface BacktestSettings {
  period: Period;
  /**
   * The SLA's marketing clause: MQLs delivered per sales rep per month. The SLA
   * contract arrives with issue 6; until then the caller passes the figure
   * (default 5 per rep) and the number of active reps.
   */
  quota: { perRep: number; reps: number };
  /** The outcome the ranking is measured against. */
  outcome: OutcomeStage;
  models: readonly BacktestModel[];
}

export interface OutcomeCounts {
  contacts: number;
  accepted: number;
  sql: number;
  won: number;
  /** Shares of `contacts`; null for no contacts. */
  acceptanceRate: number | null;
  sqlRate: number | null;
  winRate: number | null;
}

export interface BandFigures extends OutcomeCounts {
  band: Band;
  /** How many of these contacts the model qualified (the others are banded at the period's end). */
  qualified: number;
}

export interface MonthFigures {
  month: string;
  /** Contacts first qualified this month; mql + pql + cql = qualified. */
  qualified: number;
  mql: number;
  pql: number;
  cql: number;
  /** Of those, how many sales accepted, took to SQL and won (at any time). */
  accepted: number;
  sql: number;
  won: number;
}

export interface ModelFigures {
  key: string;
  /** Contacts first qualified within the period (the sum of the months). */
  qualified: number;
  /** Contacts the model had already qualified before the period started. */
  qualifiedBefore: number;
  months: MonthFigures[];
  /** Hot, warm, cold. */
  bands: BandFigures[];
  /** The cohort split by whether the model qualified them before the period's end. */
  qualifiedCohort: OutcomeCounts;
  notQualifiedCohort: OutcomeCounts;
  ranking: Ranking;
}

export interface BacktestFigures {
  period: {
    from: string;
    to: string;
    /** ISO instants: [start, end), and where history stops (the end, or now). */
    start: string;
    end: string;
    evaluatedAt: string;
    months: string[];
  };
  quota: { perRep: number; reps: number; perMonth: number };
  outcome: OutcomeStage;
  /** Contacts known before the period's end. */
  contacts: number;
  /** The contacts rates and ranking are measured on (see above). */
  cohort: number;
  /** What actually happened: contacts handed to sales (first MQL/PQL/CQL or later) per month. */
  handoffs: { month: string; count: number }[];
  models: ModelFigures[];
}

export interface Backtest {
  add(contact: BacktestContact): void;
  /** Contacts added so far. */
  readonly added: number;
  figures(): BacktestFigures;
}

const bands: readonly Band[] = ['hot', 'warm', 'cold'];

interface Tally {
  contacts: number;
  accepted: number;
  sql: number;
  won: number;
}

const emptyTally = (): Tally => ({ contacts: 0, accepted: 0, sql: 0, won: 0 });

function count(tally: Tally, outcome: ContactOutcome): void {
  tally.contacts++;
  if (outcome.accepted) tally.accepted++;
  if (outcome.sql) tally.sql++;
  if (outcome.won) tally.won++;
}

function rates(t: Tally): OutcomeCounts {
  const share = (k: number) => (t.contacts === 0 ? null : k / t.contacts);
  return {
    ...t,
    acceptanceRate: share(t.accepted),
    sqlRate: share(t.sql),
    winRate: share(t.won),
  };
}

interface ModelTally {
  key: string;
  model: ScoringModel;
  months: (Tally & Record<QualificationRoute, number>)[];
  qualifiedBefore: number;
  bands: Record<Band, Tally & { qualified: number }>;
  qualifiedCohort: Tally;
  notQualifiedCohort: Tally;
  ranking: RankingCollector;
}

export function startBacktest(settings: BacktestSettings): Backtest {
  const { period, outcome } = settings;
  const end = period.evaluatedAt;
  const monthCount = period.to - period.from + 1;
  const monthIndex = (at: number) => monthOf(at) - period.from;
  const inPeriod = (at: number) => at >= period.start && at < end;

  const handoffs = new Array<number>(monthCount).fill(0);
  const models: ModelTally[] = settings.models.map(({ key, model }) => ({
    key,
    model,
    months: Array.from({ length: monthCount }, () => ({ ...emptyTally(), mql: 0, pql: 0, cql: 0 })),
    qualifiedBefore: 0,
    bands: {
      hot: { ...emptyTally(), qualified: 0 },
      warm: { ...emptyTally(), qualified: 0 },
      cold: { ...emptyTally(), qualified: 0 },
    },
    qualifiedCohort: emptyTally(),
    notQualifiedCohort: emptyTally(),
    ranking: new RankingCollector(),
  }));
  let added = 0;
  let known = 0;
  let cohort = 0;

  function add(contact: BacktestContact): void {
    added++;
    const happened = contactOutcome(contact.transitions);
    const handedOffAt = happened.handedOffAt;
    if (handedOffAt !== null && inPeriod(handedOffAt)) handoffs[monthIndex(handedOffAt)]!++;

    const firstEvent = contact.events.reduce(
      (min, e) => Math.min(min, e.occurredAt.getTime()),
      Number.POSITIVE_INFINITY,
    );
    const knownFrom = Math.min(contact.createdAt.getTime(), firstEvent);
    if (knownFrom >= end) return;
    known++;
    const decisionAt = handedOffAt !== null && handedOffAt < end ? handedOffAt : end;
    const inCohort = decisionAt >= period.start;
    if (inCohort) cohort++;
    const positive = reached(happened, outcome);

    for (const m of models) {
      const replay = replayContact({
        model: m.model,
        fit: evaluateFit(m.model, contact.profile),
        events: contact.events,
        knownFrom,
        decisionAt,
        end,
      });
      const q = replay.qualifiedAt;
      if (q !== null && q < period.start) m.qualifiedBefore++;
      if (q !== null && inPeriod(q)) {
        const month = m.months[monthIndex(q)]!;
        count(month, happened);
        month[replay.route!]++;
      }
      if (!inCohort) continue;
      const band = m.bands[replay.band];
      count(band, happened);
      if (q !== null) band.qualified++;
      count(q !== null ? m.qualifiedCohort : m.notQualifiedCohort, happened);
      m.ranking.add(replay.decisionScore, positive);
    }
  }

  function figures(): BacktestFigures {
    const months = monthsOf(period);
    return {
      period: {
        from: monthKey(period.from),
        to: monthKey(period.to),
        start: new Date(period.start).toISOString(),
        end: new Date(period.end).toISOString(),
        evaluatedAt: new Date(end).toISOString(),
        months,
      },
      quota: {
        perRep: settings.quota.perRep,
        reps: settings.quota.reps,
        perMonth: settings.quota.perRep * settings.quota.reps,
      },
      outcome,
      contacts: known,
      cohort,
      handoffs: months.map((month, i) => ({ month, count: handoffs[i]! })),
      models: models.map((m) => ({
        key: m.key,
        qualified: m.months.reduce((sum, x) => sum + x.contacts, 0),
        qualifiedBefore: m.qualifiedBefore,
        months: m.months.map((x, i) => ({
          month: months[i]!,
          qualified: x.contacts,
          mql: x.mql,
          pql: x.pql,
          cql: x.cql,
          accepted: x.accepted,
          sql: x.sql,
          won: x.won,
        })),
        bands: bands.map((band) => ({
          band,
          ...rates(m.bands[band]),
          qualified: m.bands[band].qualified,
        })),
        qualifiedCohort: rates(m.qualifiedCohort),
        notQualifiedCohort: rates(m.notQualifiedCohort),
        ranking: m.ranking.ranking(),
      })),
    };
  }

  return {
    add,
    get added() {
      return added;
    },
    figures,
  };
}
