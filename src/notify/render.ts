import { DateTime } from 'luxon';

/**
 * What people read: the one-line summary of a notification, and the email and
 * Slack message built around it. Pure: the fan-out gathers the facts (names,
 * the clause's numbers, a link) and these functions only arrange them, so the
 * wording is tested without a database or a network.
 */
export interface RenderFacts {
  type: string;
  payload: Record<string, unknown>;
  /** The contact as stored when the notification was fanned out. */
  contact: { name: string | null; email: string | null; accountName: string | null } | null;
  ownerName: string | null;
  /** The SLA clause in words with its numbers, e.g. "first attempt within 6 business hours". */
  clauseText: string | null;
  /** The contact's page, when the server knows its public URL. */
  link: string | null;
}

const clauseNames: Record<string, string> = {
  accept_within: 'accept or reject',
  first_attempt_within: 'first attempt',
  attempt_cadence: 'attempt cadence',
  outcome_recorded: 'outcome recorded',
};

/** "first attempt within 6 business hours" from a contract document's sales clauses. */
export function describeClause(clause: string, sales: unknown): string {
  const name = clauseNames[clause] ?? clause.replaceAll('_', ' ');
  const terms = (sales as Record<string, Record<string, unknown> | undefined> | null)?.[clause];
  const n = (v: unknown) => (typeof v === 'number' ? v : null);
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
  const hours = n(terms?.businessHours);
  const days = n(terms?.businessDays);
  const attempts = n(terms?.attempts);
  if (attempts !== null && days !== null)
    return `${plural(attempts, 'attempt')} within ${plural(days, 'business day')}`;
  if (hours !== null) return `${name} within ${plural(hours, 'business hour')}`;
  if (days !== null) return `${name} within ${plural(days, 'business day')}`;
  return name;
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/** "Jane Doe (Acme)", falling back to the email, then to "a contact". */
export function contactLabel(f: RenderFacts): string {
  const name = text(f.payload.contactName) ?? f.contact?.name ?? f.contact?.email ?? 'a contact';
  const account = text(f.payload.accountName) ?? f.contact?.accountName ?? null;
  return account ? `${name} (${account})` : name;
}

/** An actor reference in a payload ({ kind, id, name }). */
function nameOf(v: unknown): string | null {
  return v && typeof v === 'object' ? text((v as { name?: unknown }).name) : null;
}

function when(v: unknown): string | null {
  const iso = text(v);
  if (!iso) return null;
  const d = DateTime.fromISO(iso, { zone: 'utc' });
  return d.isValid ? d.toFormat("ccc d LLL HH:mm 'UTC'") : null;
}

/** One line, the same in a subject, a Slack message and a log. */
export function summarize(f: RenderFacts): string {
  const who = contactLabel(f);
  const owner = text(f.payload.ownerName) ?? f.ownerName;
  const ownerPart = owner ? `, owner ${owner}` : '';
  const clause =
    f.clauseText ??
    (text(f.payload.clause) ? describeClause(String(f.payload.clause), null) : 'a clause');
  switch (f.type) {
    case 'sla.breached':
      return `SLA breached: ${clause} — ${who}${ownerPart}`;
    case 'sla.warning': {
      const due = when(f.payload.dueAt);
      return `SLA due soon: ${clause}${due ? `, due ${due}` : ''} — ${who}${ownerPart}`;
    }
    case 'lead.assigned': {
      const brief = f.payload.brief as { score?: { total?: unknown } } | undefined;
      const score =
        typeof brief?.score?.total === 'number' ? `, score ${Math.round(brief.score.total)}` : '';
      return `Lead assigned: ${who}${owner ? ` to ${owner}` : ''}${score}`;
    }
    case 'lead.rejected': {
      const reason = text(f.payload.reasonLabel) ?? text(f.payload.reasonCode);
      const by = nameOf(f.payload.rejectedBy) ?? text(f.payload.actorName) ?? owner;
      return `Lead rejected: ${who}${by ? ` by ${by}` : ''}${reason ? ` — ${reason}` : ''}`;
    }
    case 'stage.changed': {
      const from = text(f.payload.fromLabel) ?? text(f.payload.from);
      const to = text(f.payload.toLabel) ?? text(f.payload.to);
      const move = from && to ? ` ${from} → ${to}` : to ? ` → ${to}` : '';
      const by = nameOf(f.payload.actor);
      return `Stage changed: ${who}${move}${by ? ` by ${by}` : ''}`;
    }
    case 'test.ping':
      return 'Test notification from Tandem: this endpoint receives its events';
    default:
      return `${f.type}: ${who}`;
  }
}

export function renderEmail(
  f: RenderFacts,
  recipientName: string | null,
): { subject: string; text: string } {
  const line = summarize(f);
  const subject = line.length > 150 ? `${line.slice(0, 149)}…` : line;
  const lines = [`Hello${recipientName ? ` ${recipientName}` : ''},`, '', `${line}.`];
  if (f.link) lines.push('', `Open the lead: ${f.link}`);
  lines.push('', '— Tandem');
  return { subject, text: lines.join('\n') };
}

/** Slack's mrkdwn: &, < and > are control characters. */
function escapeMrkdwn(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The body of a Slack-compatible incoming webhook: `text` for notifications, `blocks` for the channel. */
export function renderSlack(f: RenderFacts): { text: string; blocks: unknown[] } {
  const line = summarize(f);
  const body = f.link ? `${escapeMrkdwn(line)}\n<${f.link}|Open the lead>` : escapeMrkdwn(line);
  return {
    text: line,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: body } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Tandem · ${escapeMrkdwn(f.type)}` }] },
    ],
  };
}
