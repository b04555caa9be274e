import type { ScoringContact } from '../core/scoring/model.js';

/** The columns of a contact and its account that fit rules read, as the queries name them. */
export interface ScoringContactRow {
  email: string | null;
  title: string | null;
  persona_key: string | null;
  properties: Record<string, unknown>;
  account_id: string | null;
  domain: string | null;
  industry: string | null;
  employees: number | null;
  annual_revenue: number | null;
  country: string | null;
  account_properties: Record<string, unknown> | null;
}

/** One mapping for live scoring, rescores, backtests and learning, so all see a contact alike. */
export function toScoringContact(r: ScoringContactRow): ScoringContact {
  return {
    email: r.email,
    title: r.title,
    properties: r.properties,
    account:
      r.account_id === null
        ? null
        : {
            domain: r.domain,
            industry: r.industry,
            employees: r.employees,
            annualRevenue: r.annual_revenue,
            country: r.country,
            properties: r.account_properties ?? {},
          },
    personaKey: r.persona_key,
  };
}
