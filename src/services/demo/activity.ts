import type { NewEvent } from '../../store/events.js';
import { day, hour, type Journey, routeStages, toWorkingTime } from './journeys.js';
import type { Random } from './random.js';
import {
  assets,
  blogPosts,
  type Channel,
  chatTopics,
  emailCampaigns,
  features,
  productPages,
  type SalesTouch,
  salesNotes,
  siteUrl,
  socialNetworks,
  webinars,
} from './word-lists.js';

/**
 * A contact's activity in the 90 days before `asOf`, shaped by its journey:
 * light background engagement for everyone, a burst of buying signals right
 * before each qualification, product use around a PQL, a chat before a CQL,
 * and the owner's calls, emails and meetings once sales accepted the lead.
 */

const minute = 60_000;

export interface EmailSend {
  at: number;
  campaign: string;
  subject: string;
}

/** Marketing's sends: one a week, Tuesdays 10:00 UTC, the same for every contact. */
export function emailSchedule(rng: Random, windowStart: number, asOf: number): EmailSend[] {
  const sends: EmailSend[] = [];
  const first = new Date(windowStart);
  first.setUTCHours(10, 0, 0, 0);
  const toTuesday = (2 - first.getUTCDay() + 7) % 7;
  for (let at = first.getTime() + toTuesday * day; at < asOf - hour; at += 7 * day) {
    if (at < windowStart) continue;
    const [campaign, subject] = rng.weighted(emailCampaigns);
    sends.push({ at, campaign, subject });
  }
  return sends;
}

export interface ActivityInput {
  rng: Random;
  asOf: number;
  windowStart: number;
  contactId: string;
  journey: Journey;
  ownerId: string | null;
  ownerZone: string;
  firstTouch: Channel;
  /** 1 is typical; engaged contacts run to 3–4, dormant ones towards 0.2. */
  engagement: number;
  sends: readonly EmailSend[];
  nextMessageId: () => string;
  /**
   * The attempts the owner logged at the lead desk while the lead was in SAL
   * (accepted at `acceptedAt`, until `end`), or null for the CRM-style touches
   * of leads handed before the SLA applied.
   */
  deskAttempts?: (acceptedAt: number, end: number) => Draft[] | null;
  /** The owner's next working instant from `at` when they are on leave then; `at` otherwise. */
  available?: (at: number) => number;
}

export interface Draft {
  at: number;
  type: string;
  name: string;
  properties: Record<string, unknown>;
  context?: Record<string, unknown>;
}

const formNames: Record<string, string> = {
  'demo-request': 'Demo request',
  'contact-us': 'Contact us',
  newsletter: 'Newsletter sign-up',
};

function pageView(at: number, path: string, title: string): Draft {
  return {
    at,
    type: 'page_viewed',
    name: `Viewed ${path}`,
    properties: { url: siteUrl + path, path, title },
  };
}

function form(at: number, key: string): Draft {
  return {
    at,
    type: 'form_submitted',
    name: `Submitted: ${formNames[key]}`,
    properties: { form: key },
  };
}

function download(rng: Random, at: number): Draft {
  const [asset, assetType] = rng.pick(assets);
  return {
    at,
    type: 'asset_downloaded',
    name: `Downloaded: ${asset}`,
    properties: { asset, assetType },
  };
}

function webinar(rng: Random, at: number): Draft {
  const title = rng.pick(webinars);
  return {
    at,
    type: 'webinar_registered',
    name: `Registered: ${title}`,
    properties: { webinar: title },
  };
}

function featureUse(rng: Random, at: number): Draft {
  const feature = rng.pick(features);
  return { at, type: 'feature_used', name: `Used feature: ${feature}`, properties: { feature } };
}

function interestedPage(rng: Random, at: number): Draft {
  if (rng.chance(0.35)) return pageView(at, '/pricing', 'Pricing');
  const [path, title] = rng.pick(productPages);
  return pageView(at, path, title);
}

/** What anyone on the list does now and then: read the blog, like a post, grab a guide. */
function background(rng: Random, at: number): Draft {
  const r = rng.next();
  if (r < 0.45) {
    const [path, title] = rng.pick(blogPosts);
    return pageView(at, path, title);
  }
  if (r < 0.6) return interestedPage(rng, at);
  // Careers visits are the classic negative scoring signal (job seekers), so scoring has some to find.
  if (r < 0.64) return pageView(at, '/careers', 'Careers');
  if (r < 0.8) {
    const network = rng.weighted(socialNetworks);
    const action = rng.pick(['like', 'share', 'comment']);
    const label = network === 'linkedin' ? 'LinkedIn' : network === 'x' ? 'X' : 'YouTube';
    return {
      at,
      type: 'social_engaged',
      name: `Engaged on ${label}`,
      properties: { network, action },
    };
  }
  if (r < 0.92) return download(rng, at);
  return webinar(rng, at);
}

function poisson(rng: Random, mean: number): number {
  const limit = Math.exp(-Math.min(mean, 600));
  let k = 0;
  for (let p = rng.next(); p > limit; p *= rng.next()) k++;
  return k;
}

/** Times in [lo, hi), denser towards `hi`: interest builds up to the moment that qualifies. */
function buildUp(rng: Random, lo: number, hi: number, n: number): number[] {
  if (hi <= lo) return [];
  return Array.from({ length: n }, () => hi - (hi - lo) * rng.next() ** 2);
}

function salesTouches(
  rng: Random,
  input: ActivityInput,
  stage: string,
  lo: number,
  hi: number,
): Draft[] {
  const out: Draft[] = [];
  const weights: readonly (readonly [SalesTouch, number])[] =
    stage === 'sal'
      ? [
          ['sales_call', 5],
          ['sales_email', 4],
          ['sales_meeting', 1],
        ]
      : [
          ['sales_call', 3],
          ['sales_email', 4],
          ['sales_meeting', 3],
        ];
  const working = (t: number) => {
    const at = toWorkingTime(rng, t, input.ownerZone);
    return input.available ? input.available(at) : at;
  };
  let at = working(lo + rng.float(0.2, 6) * hour);
  while (at < hi && out.length < 10) {
    const type = rng.weighted(weights);
    const outcomes = salesNotes[type];
    const outcome = rng.weighted(
      Object.keys(outcomes).map((o, i) => [o, i === 0 ? 6 : 2] as const),
    );
    const notes = rng.pick(outcomes[outcome]!);
    const properties: Record<string, unknown> = { outcome, notes, memberId: input.ownerId };
    if (type === 'sales_call')
      properties.durationSeconds = outcome === 'connected' ? rng.int(240, 2400) : rng.int(10, 45);
    const label = type === 'sales_call' ? 'Call' : type === 'sales_email' ? 'Email' : 'Meeting';
    out.push({ at, type, name: `${label}: ${outcome.replace('_', ' ')}`, properties });
    at = working(at + Math.min(10, Math.max(0.3, rng.logNormal(2.5, 0.6))) * day);
  }
  return out;
}

function creationEvent(rng: Random, input: ActivityInput): Draft {
  const first = input.journey.steps[0]!;
  const { source, medium, campaign } = input.firstTouch;
  const context = { campaign: { source, medium, name: campaign } };
  if (first.to === 'subscriber') return { ...form(first.at, 'newsletter'), context };
  const r = rng.next();
  const draft =
    r < 0.4
      ? download(rng, first.at)
      : r < 0.7
        ? webinar(rng, first.at)
        : form(first.at, 'contact-us');
  return { ...draft, context };
}

/** What tipped the contact into the stage it moved to at `at`, plus the signals leading up to it. */
function qualifyingActivity(
  rng: Random,
  input: ActivityInput,
  to: string,
  lo: number,
  at: number,
): Draft[] {
  const out: Draft[] = [];
  const just = (maxSeconds: number) => at - rng.int(5, maxSeconds) * 1000;
  if (to === 'lead') {
    const r = rng.next();
    out.push(
      r < 0.5
        ? download(rng, just(90))
        : r < 0.8
          ? webinar(rng, just(90))
          : form(just(90), 'contact-us'),
    );
  } else if (to === 'mql') {
    const n = Math.round(rng.int(6, 12) * Math.min(2, 0.6 + 0.4 * input.engagement));
    for (const t of buildUp(rng, lo, at - 5 * minute, n)) {
      const r = rng.next();
      if (r < 0.55) out.push(interestedPage(rng, t));
      else if (r < 0.75) out.push(download(rng, t));
      else if (r < 0.85 || input.sends.length === 0) out.push(webinar(rng, t));
      else {
        const send = rng.pick(input.sends);
        out.push({
          at: t,
          type: 'email_clicked',
          name: `Clicked: ${send.subject}`,
          properties: { campaign: send.campaign, subject: send.subject, url: `${siteUrl}/pricing` },
        });
      }
    }
    // The visit that tipped the score: pricing or a product page, minutes before.
    out.push(interestedPage(rng, at - rng.int(3, 90) * minute));
    if (rng.chance(0.5)) out.push(form(just(120), 'demo-request'));
  } else if (to === 'pql') {
    const wanted = at - rng.float(2, 14) * day;
    const signup = wanted >= lo ? wanted : lo + rng.next() * Math.min(day, (at - lo) / 2);
    out.push({
      at: signup,
      type: 'signed_up',
      name: 'Signed up for a free trial',
      properties: { plan: 'trial' },
    });
    const uses = [...buildUp(rng, signup + minute, at - 10 * minute, rng.int(4, 14)), just(600)];
    for (const t of uses) out.push(featureUse(rng, t));
  } else if (to === 'cql') {
    for (const t of buildUp(rng, Math.max(lo, at - hour), at - 2 * minute, rng.int(1, 4)))
      out.push(interestedPage(rng, t));
    const [topic, message] = rng.pick(chatTopics);
    out.push({
      at: just(900),
      type: 'chat_started',
      name: `Started a chat: ${topic}`,
      properties: { topic, message, channel: 'website-chat' },
    });
  }
  return out;
}

export function contactActivity(input: ActivityInput): NewEvent[] {
  const { rng, asOf, windowStart, journey } = input;
  const steps = journey.steps;
  const last = steps[steps.length - 1]!;
  const from = Math.max(windowStart, journey.createdAt);
  // Disqualified people are kept for reporting but no longer engaged with.
  const until = last.to === 'disqualified' ? last.at : asOf - 5 * minute;
  const drafts: Draft[] = [];

  if (journey.createdAt >= windowStart) drafts.push(creationEvent(rng, input));
  const days = Math.max(0, until - from) / day;
  for (let i = poisson(rng, 0.13 * input.engagement * days); i > 0; i--) {
    drafts.push(background(rng, rng.float(from, until)));
  }
  const openRate = Math.min(0.8, 0.3 * input.engagement);
  for (const send of input.sends) {
    if (send.at < journey.createdAt || send.at >= until || !rng.chance(openRate)) continue;
    const opened = send.at + Math.min(3 * day, rng.logNormal(3, 1) * hour);
    const props = { campaign: send.campaign, subject: send.subject };
    drafts.push({
      at: opened,
      type: 'email_opened',
      name: `Opened: ${send.subject}`,
      properties: props,
    });
    if (rng.chance(0.3)) {
      const url = `${siteUrl}${rng.pick(blogPosts)[0]}`;
      drafts.push({
        at: opened + rng.int(10, 600) * 1000,
        type: 'email_clicked',
        name: `Clicked: ${send.subject}`,
        properties: { ...props, url },
      });
    }
  }

  for (const [i, step] of steps.entries()) {
    if (i === 0) continue;
    const prev = steps[i - 1]!;
    const lo = Math.max(prev.at + minute, windowStart, journey.createdAt);
    if (step.to === 'lead' || routeStages.includes(step.to)) {
      const lookback = step.to === 'mql' ? rng.float(4, 12) * day : 30 * day;
      drafts.push(
        ...qualifyingActivity(rng, input, step.to, Math.max(lo, step.at - lookback), step.at),
      );
    }
    if (step.to === 'sal' || step.to === 'sql' || step.to === 'opportunity') {
      const end = steps[i + 1]?.at ?? asOf - 5 * minute;
      const desk = step.to === 'sal' ? (input.deskAttempts?.(step.at, end) ?? null) : null;
      drafts.push(...(desk ?? salesTouches(rng, input, step.to, step.at, end)));
    }
    if (step.to === 'customer') {
      // Customers keep using the product they bought.
      for (const t of buildUp(rng, step.at + hour, asOf - 5 * minute, rng.int(2, 8))) {
        drafts.push(featureUse(rng, t));
      }
    }
  }

  return drafts
    .filter((d) => d.at >= from && d.at < until)
    .sort((a, b) => a.at - b.at)
    .map((d) => {
      const occurredAt = Math.round(d.at);
      return {
        id: rng.uuid(),
        contactId: input.contactId,
        anonymousId: null,
        type: d.type,
        name: d.name,
        properties: d.properties,
        context: d.context ?? {},
        source: 'demo',
        messageId: input.nextMessageId(),
        occurredAt: new Date(occurredAt),
        receivedAt: new Date(occurredAt + rng.int(800, 20_000)),
      };
    });
}
