import { systemActor } from '../../src/core/roles.js';
import { runBacktest } from '../../src/services/scoring/run-backtest.js';
import type { Db } from '../../src/store/db.js';
import { loadScoringHistoryPage } from '../../src/store/scoring-history.js';
import { progress } from './report.js';

export interface BacktestTiming {
  wallMs: number;
  contacts: number;
  contactsPerSec: number;
  months: string[];
  cohort: number;
  /** Per model (the draft under test, then the active version): qualified in the period and ROC AUC. */
  models: { key: string; qualified: number; auc: number | null; topDecileLift: number | null }[];
}

export interface HistoryReadTiming {
  wallMs: number;
  contacts: number;
  events: number;
  transitions: number;
}

/** The draft replayed beside the active version over the months the data covers (the default period). */
export async function timeBacktest(db: Db, draftId: string, now: Date): Promise<BacktestTiming> {
  let next = 0.1;
  const started = performance.now();
  const result = await runBacktest({
    db,
    actor: systemActor,
    modelId: draftId,
    compareWith: 'active',
    now,
    onProgress: (done, total) => {
      if (total === 0 || done / total < next) return;
      const seconds = (performance.now() - started) / 1000;
      progress(
        `  backtest: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} contacts, ${seconds.toFixed(1)} s`,
      );
      while (done / total >= next) next += 0.1;
    },
  });
  const wallMs = performance.now() - started;
  return {
    wallMs,
    contacts: result.contacts,
    contactsPerSec: result.contacts / (wallMs / 1000),
    months: result.period.months,
    cohort: result.cohort,
    models: result.models.map((m) => ({
      key: m.key,
      qualified: m.qualified,
      auc: m.ranking.auc,
      topDecileLift: m.ranking.topDecileLift,
    })),
  };
}

/**
 * The backtest's own reads without the replay: the pages it loads (contacts
 * with accounts, their events, their transitions), one after another. Beside
 * the backtest's time it says how much of that is reading and how much is
 * replaying; the backtest overlaps the two, loading a page while it replays one.
 */
export async function readHistoryPages(db: Db, eventsBefore: Date): Promise<HistoryReadTiming> {
  const started = performance.now();
  let afterId: string | null = null;
  let contacts = 0;
  let events = 0;
  let transitions = 0;
  for (;;) {
    const page = await loadScoringHistoryPage(db, { afterId, limit: 1000, eventsBefore });
    if (page.length === 0) break;
    afterId = page[page.length - 1]!.id;
    contacts += page.length;
    for (const c of page) {
      events += c.events.length;
      transitions += c.transitions.length;
    }
  }
  return { wallMs: performance.now() - started, contacts, events, transitions };
}
