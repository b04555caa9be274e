import { describe, expect, it } from 'vitest';
import { defaultContract } from '../core/sla/contract.js';
import { describeClause, type RenderFacts, renderEmail, renderSlack, summarize } from './render.js';

const sales = defaultContract().sales;

function facts(over: Partial<RenderFacts>): RenderFacts {
  return {
    type: 'sla.breached',
    payload: {},
    contact: { name: 'Jane Doe', email: 'jane@acme.test', accountName: 'Acme' },
    ownerName: 'Sam',
    clauseText: null,
    link: null,
    ...over,
  };
}

describe('clauses in words', () => {
  it('names each clause with its numbers', () => {
    expect(describeClause('first_attempt_within', sales)).toBe(
      'first attempt within 6 business hours',
    );
    expect(describeClause('accept_within', sales)).toBe('accept or reject within 4 business hours');
    expect(describeClause('attempt_cadence', sales)).toBe('4 attempts within 12 business days');
    expect(describeClause('outcome_recorded', sales)).toBe(
      'outcome recorded within 15 business days',
    );
    expect(describeClause('accept_within', { accept_within: { businessHours: 1 } })).toBe(
      'accept or reject within 1 business hour',
    );
    expect(describeClause('first_attempt_within', null)).toBe('first attempt');
  });
});

describe('summaries', () => {
  it('says what happened, to whom and whose it is, in one line', () => {
    const clauseText = describeClause('first_attempt_within', sales);
    expect(summarize(facts({ clauseText }))).toBe(
      'SLA breached: first attempt within 6 business hours — Jane Doe (Acme), owner Sam',
    );
    expect(
      summarize(
        facts({ type: 'sla.warning', clauseText, payload: { dueAt: '2026-12-07T14:00:00.000Z' } }),
      ),
    ).toBe(
      'SLA due soon: first attempt within 6 business hours, due Mon 7 Dec 14:00 UTC — Jane Doe (Acme), owner Sam',
    );
    expect(
      summarize(facts({ type: 'lead.assigned', payload: { brief: { score: { total: 71.6 } } } })),
    ).toBe('Lead assigned: Jane Doe (Acme) to Sam, score 72');
    expect(
      summarize(
        facts({ type: 'lead.rejected', payload: { reasonCode: 'bad_data', actorName: 'Rita' } }),
      ),
    ).toBe('Lead rejected: Jane Doe (Acme) by Rita — bad_data');
    expect(summarize(facts({ type: 'stage.changed', payload: { from: 'mql', to: 'sal' } }))).toBe(
      'Stage changed: Jane Doe (Acme) mql → sal',
    );
    // As lead actions write them (services/leads/lead-notifications.ts).
    expect(
      summarize(
        facts({
          type: 'lead.rejected',
          payload: {
            reasonCode: 'bad_data',
            reasonLabel: 'Bad data',
            rejectedBy: { kind: 'member', id: 'x', name: 'Kim' },
          },
        }),
      ),
    ).toBe('Lead rejected: Jane Doe (Acme) by Kim — Bad data');
    expect(
      summarize(
        facts({
          type: 'stage.changed',
          payload: { from: 'sal', to: 'sql', actor: { kind: 'member', id: 'x', name: 'Kim' } },
        }),
      ),
    ).toBe('Stage changed: Jane Doe (Acme) sal → sql by Kim');
  });

  it('prefers what the payload names, and falls back to the email or "a contact"', () => {
    expect(
      summarize(
        facts({ type: 'lead.assigned', payload: { contactName: 'J. Doe', ownerName: 'Kim' } }),
      ),
    ).toBe('Lead assigned: J. Doe (Acme) to Kim');
    expect(
      summarize(
        facts({
          type: 'lead.assigned',
          contact: { name: null, email: 'x@y.test', accountName: null },
          ownerName: null,
        }),
      ),
    ).toBe('Lead assigned: x@y.test');
    expect(summarize(facts({ type: 'something.new', contact: null }))).toBe(
      'something.new: a contact',
    );
  });
});

describe('email and Slack', () => {
  it('an email whose subject is the summary, greeting the recipient, with the link', () => {
    const mail = renderEmail(
      facts({ type: 'lead.assigned', link: 'https://t.example/contacts/1' }),
      'Sam',
    );
    expect(mail.subject).toBe('Lead assigned: Jane Doe (Acme) to Sam');
    expect(mail.text).toContain('Hello Sam,');
    expect(mail.text).toContain('Open the lead: https://t.example/contacts/1');
  });

  it('a Slack message: text for notifications, escaped mrkdwn blocks for the channel', () => {
    const msg = renderSlack(
      facts({
        contact: { name: 'A <b> & Co', email: null, accountName: null },
        link: 'https://t.example/c/1',
      }),
    );
    expect(msg.text).toBe('SLA breached: a clause — A <b> & Co, owner Sam');
    expect(msg.blocks[0]).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: 'SLA breached: a clause — A &lt;b&gt; &amp; Co, owner Sam\n<https://t.example/c/1|Open the lead>',
      },
    });
  });
});
