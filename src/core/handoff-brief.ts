import type { Touch } from './entities.js';
import { evaluateFit, summarize } from './scoring/evaluate.js';
import type { ScoringContact, ScoringModel } from './scoring/model.js';
import { apportion, fromUnits } from './scoring/points.js';
import { engagementRulesOf } from './scoring/rules.js';
import { ruleValuesAt, type ScoreState } from './scoring/state.js';

/**
 * The handoff brief: why a lead reached sales, in one JSON-safe document, so
 * the rep who gets it (in the app, by email, in Slack or a webhook) reads the
 * reasons without opening five pages. The same shape is served by
 * GET /contacts/{id}/brief and carried by every `lead.assigned` notification.
 */
export interface HandoffBrief {
  contactId: string;
  generatedAt: string;
  /** The route stage (MQL, PQL, CQL key) the lead last entered, and when. */
  qualifiedAs: string | null;
  qualifiedAt: string | null;
  /** Null when the active model has not scored the contact (or there is no model). */
  score: { total: number; fit: number; engagement: number; band: string } | null;
  /** The score explanation's largest contributions, largest first (ties in model order). */
  topContributions: BriefContribution[];
  persona: { key: string; name: string } | null;
  firstTouch: Touch | null;
  lastTouch: Touch | null;
  /** The newest events, newest first. */
  recentActivities: BriefActivity[];
  /** What the contact read, watched or downloaded, most often first (rule: `contentOf`). */
  contentConsumed: ConsumedContent[];
  /** Oldest first. */
  stageHistory: BriefStageMove[];
}

export interface BriefContribution {
  rule: string;
  label: string;
  points: number;
}

export interface BriefActivity {
  type: string;
  name: string | null;
  occurredAt: string;
  url: string | null;
  title: string | null;
}

export interface ConsumedContent {
  kind: 'page' | 'download' | 'webinar';
  title: string | null;
  url: string | null;
  times: number;
  lastAt: string;
}

export interface BriefStageMove {
  from: string | null;
  to: string;
  occurredAt: string;
  actor: { kind: 'member' | 'api_key' | 'system'; id: string | null; name: string | null };
  reasonCode: string | null;
}

/** An event as the brief reads it: the few properties that name a page or a piece of content. */
export interface BriefEvent {
  type: string;
  name: string | null;
  occurredAt: Date;
  properties: {
    url?: string | null;
    path?: string | null;
    title?: string | null;
    asset?: string | null;
    webinar?: string | null;
    subject?: string | null;
  };
}

export interface BriefTransition {
  from: string | null;
  to: string;
  occurredAt: Date;
  actor: BriefStageMove['actor'];
  reasonCode: string | null;
}

export interface BriefMaterial {
  contactId: string;
  /** The active model and the contact's state under it; null if either is missing. */
  scoring: { model: ScoringModel; contact: ScoringContact; state: ScoreState } | null;
  persona: { key: string; name: string } | null;
  firstTouch: Touch | null;
  lastTouch: Touch | null;
  /** Newest first; the store reads a bounded window (`briefEventWindow`). */
  events: readonly BriefEvent[];
  /** Oldest first. */
  transitions: readonly BriefTransition[];
  /** The stage keys a lead is handed to sales through (MQL/PQL/CQL). */
  routeStages: readonly string[];
}

export const briefLimits = {
  contributions: 5,
  activities: 10,
  content: 10,
  /** Content is counted within the newest this many events: a brief is about now, and bounded. */
  eventWindow: 200,
  /** The newest this many stage moves. */
  stageMoves: 30,
} as const;

export function buildHandoffBrief(m: BriefMaterial, now: Date): HandoffBrief {
  const qualified = [...m.transitions].reverse().find((t) => m.routeStages.includes(t.to));
  const scored = m.scoring ? scoreNow(m.scoring, now) : null;
  return {
    contactId: m.contactId,
    generatedAt: now.toISOString(),
    qualifiedAs: qualified?.to ?? null,
    qualifiedAt: qualified?.occurredAt.toISOString() ?? null,
    score: scored?.score ?? null,
    topContributions: scored?.contributions.slice(0, briefLimits.contributions) ?? [],
    persona: m.persona,
    firstTouch: m.firstTouch,
    lastTouch: m.lastTouch,
    recentActivities: m.events.slice(0, briefLimits.activities).map(activityOf),
    contentConsumed: contentConsumed(m.events),
    stageHistory: m.transitions.slice(-briefLimits.stageMoves).map((t) => ({
      from: t.from,
      to: t.to,
      occurredAt: t.occurredAt.toISOString(),
      actor: t.actor,
      reasonCode: t.reasonCode,
    })),
  };
}

/**
 * The score and its contributions at `now` from the stored state, in O(rules):
 * the same figures and the same apportioning as the score explanation
 * (core/scoring/evaluate.ts `evaluate`), which replays the whole history. The
 * brief is written inside the scoring transaction when leads are routed, where
 * replaying every qualifying lead's events would cost what the state saves.
 */
function scoreNow(
  s: NonNullable<BriefMaterial['scoring']>,
  now: Date,
): { score: NonNullable<HandoffBrief['score']>; contributions: BriefContribution[] } {
  const fit = evaluateFit(s.model, s.contact);
  const summary = summarize(s.model, fit, s.state, now);
  const values = ruleValuesAt(s.model, s.state, now.getTime());
  const engaged = engagementRulesOf(s.model).filter(({ rule }) => values.has(rule.id));
  const units = apportion(engaged.map(({ rule }) => values.get(rule.id)!));
  const all = [
    ...fit.contributions.map((c) => ({ rule: c.ruleId, label: c.label, points: c.points })),
    ...engaged.map(({ rule }, i) => ({
      rule: rule.id,
      label: rule.label,
      points: fromUnits(units[i]!),
    })),
  ];
  const contributions = all
    .map((c, order) => ({ c, order }))
    .sort((a, b) => b.c.points - a.c.points || a.order - b.order)
    .map((x) => x.c);
  return {
    score: {
      total: summary.total,
      fit: summary.fit,
      engagement: summary.engagement,
      band: summary.band,
    },
    contributions,
  };
}

function activityOf(e: BriefEvent): BriefActivity {
  const p = e.properties;
  return {
    type: e.type,
    name: e.name,
    occurredAt: e.occurredAt.toISOString(),
    url: p.url ?? p.path ?? null,
    title: p.title ?? p.asset ?? p.webinar ?? p.subject ?? null,
  };
}

/**
 * Which events are content and what names the piece, the rule the brief counts by:
 * - pages and screens (`page_viewed`, `screen_viewed`): grouped by path (or URL,
 *   or name), titled by the page title;
 * - downloads (any `*_downloaded` track, e.g. the demo data's `asset_downloaded`):
 *   grouped by the asset (or title, or event name);
 * - webinars (any `webinar_*` track): grouped by the webinar's title.
 * Everything else (forms, emails, attempts, product use) is activity, not content.
 */
export function contentOf(
  e: BriefEvent,
): { kind: ConsumedContent['kind']; key: string; title: string | null; url: string | null } | null {
  const p = e.properties;
  if (e.type === 'page_viewed' || e.type === 'screen_viewed') {
    const url = p.url ?? p.path ?? null;
    const key = p.path ?? pathOf(p.url) ?? e.name;
    if (key === null || key === undefined) return null;
    return { kind: 'page', key: `page:${key}`, title: p.title ?? e.name ?? null, url };
  }
  if (e.type.endsWith('_downloaded')) {
    const title = p.asset ?? p.title ?? e.name;
    if (!title) return null;
    return { kind: 'download', key: `download:${title}`, title, url: p.url ?? null };
  }
  if (e.type.startsWith('webinar_')) {
    const title = p.webinar ?? p.title ?? e.name;
    if (!title) return null;
    return { kind: 'webinar', key: `webinar:${title}`, title, url: p.url ?? null };
  }
  return null;
}

/** Most often first, then most recent; events arrive newest first. */
export function contentConsumed(events: readonly BriefEvent[]): ConsumedContent[] {
  const byKey = new Map<string, ConsumedContent & { last: number }>();
  for (const e of events) {
    const c = contentOf(e);
    if (!c) continue;
    const seen = byKey.get(c.key);
    const at = e.occurredAt.getTime();
    if (!seen) {
      byKey.set(c.key, {
        kind: c.kind,
        title: c.title,
        url: c.url,
        times: 1,
        lastAt: e.occurredAt.toISOString(),
        last: at,
      });
      continue;
    }
    seen.times += 1;
    if (at > seen.last) {
      seen.last = at;
      seen.lastAt = e.occurredAt.toISOString();
    }
    // The newest title wins, but an event without one does not erase it.
    seen.title ??= c.title;
    seen.url ??= c.url;
  }
  return [...byKey.values()]
    .sort((a, b) => b.times - a.times || b.last - a.last)
    .slice(0, briefLimits.content)
    .map(({ last: _, ...c }) => c);
}

function pathOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
