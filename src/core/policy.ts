import { AppError } from './app-error.js';
import type { Actor, ApiKeyScope, TeamSide } from './roles.js';
import type { StageKind } from './stages.js';

/**
 * Every permission decision in Tandem is made here, so that the route table,
 * the CLI and the tests agree on who may do what (DESIGN.md §2).
 */
export type Permission =
  | { action: 'contact.read' }
  | { action: 'contact.create'; ownerId: string | null }
  | { action: 'contact.update'; ownerId: string | null }
  | { action: 'contact.assign'; currentOwnerId: string | null; newOwnerId: string | null }
  | {
      action: 'contact.change_stage';
      ownerId: string | null;
      from: { owningTeam: TeamSide; kind: StageKind } | null;
      to: { owningTeam: TeamSide; kind: StageKind };
    }
  | { action: 'account.read' }
  | { action: 'account.write' }
  | { action: 'stages.read' }
  | { action: 'stages.propose' }
  /** Signing a proposed definitions version for one side of the house. */
  | { action: 'definitions.sign'; side: TeamSide }
  /** Logging a sales attempt (call, email, meeting) on a lead. */
  | { action: 'lead.log_activity'; ownerId: string | null }
  /** Filling in the qualification framework's answers (BANT / GPCT). */
  | { action: 'lead.qualify'; ownerId: string | null }
  /** Shared reports: both teams read the same numbers. */
  | { action: 'reports.read' }
  | { action: 'member.read' }
  | { action: 'member.manage' }
  | { action: 'api_key.manage' }
  | { action: 'ingest' }
  /** Running CSV imports (contacts, accounts, events) and reading their reports. */
  | { action: 'import' }
  /** Model versions, explanations and backtests: both teams read them. */
  | { action: 'scoring.read' }
  /** Drafting, learning, activating and retiring model versions. */
  | { action: 'scoring.manage' }
  /** Saving and activating routing rules: which team and strategy a qualified lead goes to. */
  | { action: 'routing.manage' }
  /** A member's business calendar and away periods, which routing and SLA clocks read. */
  | { action: 'member.set_availability'; memberId: string }
  /** The SLA contract, this month's standing against it and the monthly scorecards. */
  | { action: 'sla.read' }
  /** Proposing a new version of the SLA contract. */
  | { action: 'sla.propose' }
  /** Signing a proposed SLA contract version for one side of the house. */
  | { action: 'sla.sign'; side: TeamSide }
  /** The breached clocks of open leads, to chase or reassign them. */
  | { action: 'sla.read_breaches' }
  /** Webhook and Slack endpoints: where workspace events go, their secrets and delivery logs. */
  | { action: 'notifications.manage' }
  /** The shared plan's monthly revenue targets. */
  | { action: 'plan.manage' }
  /** Calling the data API at all (who am I, sign out): every member and every key but a tracking-only one. */
  | { action: 'api.call' };

type Action = Permission['action'];

const readActions = new Set<Action>([
  'contact.read',
  'account.read',
  'stages.read',
  'member.read',
  'scoring.read',
  'reports.read',
  'sla.read',
]);

function apiKeyAllows(scopes: ApiKeyScope[], action: Action): boolean {
  // A signature names the person who agreed (core/co-signing.ts): not even an admin key signs.
  if (action === 'definitions.sign' || action === 'sla.sign') return false;
  if (scopes.includes('admin')) return true;
  // An ingest key sits in every visitor's browser (the Segment write key): tracking and nothing else.
  if (action === 'api.call') return scopes.some((s) => s !== 'ingest');
  if (action === 'ingest') return scopes.includes('ingest') || scopes.includes('write');
  if (readActions.has(action) || action === 'sla.read_breaches')
    return scopes.includes('read') || scopes.includes('write');
  // People, keys and proposals are for members to manage.
  if (
    action === 'member.manage' ||
    action === 'api_key.manage' ||
    action === 'stages.propose' ||
    action === 'sla.propose' ||
    // Endpoint secrets and URLs (a Slack URL is itself a credential): admin keys only.
    action === 'notifications.manage'
  ) {
    return false;
  }
  return scopes.includes('write');
}

export function can(actor: Actor, permission: Permission): boolean {
  if (actor.kind === 'system') return true;
  if (actor.kind === 'api_key') return apiKeyAllows(actor.scopes, permission.action);

  const { role, id } = actor;
  if (role === 'admin') return true;
  if (readActions.has(permission.action)) return true;

  switch (permission.action) {
    case 'contact.create':
      return role !== 'sales_rep' || permission.ownerId === null || permission.ownerId === id;
    case 'contact.update':
      return role !== 'sales_rep' || permission.ownerId === id;
    case 'contact.assign':
      if (role === 'sales_manager') return true;
      // A rep may claim an unowned lead for themselves; handing leads around is the manager's job.
      return (
        role === 'sales_rep' && permission.currentOwnerId === null && permission.newOwnerId === id
      );
    case 'contact.change_stage': {
      const { from, to } = permission;
      // Marketing moves leads among its own stages; once a route stage hands a lead
      // to sales, accepting or rejecting it is sales' call alone.
      if (role === 'marketing')
        return (
          (from?.owningTeam ?? 'marketing') === 'marketing' &&
          from?.kind !== 'route' &&
          to.owningTeam === 'marketing'
        );
      // Sales acts on what it holds and on the handoff stages (accepting or rejecting an MQL/PQL/CQL).
      const salesMove =
        from?.owningTeam === 'sales' || to.owningTeam === 'sales' || from?.kind === 'route';
      if (role === 'sales_manager') return salesMove;
      return salesMove && permission.ownerId === id;
    }
    case 'account.write':
      return role === 'marketing' || role === 'sales_manager';
    case 'stages.propose':
      return role === 'marketing' || role === 'sales_manager';
    // Each side signs for itself; a version needs one of each (services/definitions).
    case 'definitions.sign':
      return permission.side === (role === 'marketing' ? 'marketing' : 'sales');
    // Attempts and qualification answers are the owning rep's work; managers may cover.
    case 'lead.log_activity':
    case 'lead.qualify':
      return role === 'sales_manager' || (role === 'sales_rep' && permission.ownerId === id);
    // Bulk loading is for the people who run the shared database, not for a rep's inbox.
    case 'import':
      return role === 'marketing' || role === 'sales_manager';
    // Scoring criteria are agreed between the teams: marketing and the sales manager both shape them.
    case 'scoring.manage':
      return role === 'marketing' || role === 'sales_manager';
    // Routing hands out sales' work, so it is sales management's to decide.
    case 'routing.manage':
      return role === 'sales_manager';
    // Everyone keeps their own hours and leave; a sales manager covers for the team.
    case 'member.set_availability':
      return permission.memberId === id || role === 'sales_manager';
    // The contract binds both sides, so either side's lead may put terms on the table.
    case 'sla.propose':
      return role === 'marketing' || role === 'sales_manager';
    // DESIGN.md §2: the sales manager co-signs the SLA; a rep's signature would bind the team.
    case 'sla.sign':
      return permission.side === 'marketing' ? role === 'marketing' : role === 'sales_manager';
    // Chasing breaches and moving leads between reps is the sales manager's job.
    case 'sla.read_breaches':
      return role === 'sales_manager';
    // Where the workspace's events go is for those who run sales and the workspace.
    case 'notifications.manage':
      return role === 'sales_manager';
    // The plan is agreed between the teams: marketing and the sales manager set its targets, not a rep.
    case 'plan.manage':
      return role === 'marketing' || role === 'sales_manager';
    case 'api.call':
      return true;
    case 'ingest':
    case 'member.manage':
    case 'api_key.manage':
      return false;
    default:
      return false;
  }
}

export function authorize(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    throw new AppError(
      'forbidden',
      `${describeActor(actor)} may not ${actionPhrases[permission.action]}`,
    );
  }
}

/** How a refusal names each action, so a person reads what they tried to do. */
const actionPhrases: Record<Action, string> = {
  'contact.read': 'read contacts',
  'contact.create': 'create this contact',
  'contact.update': 'change this contact',
  'contact.assign': 'assign this lead',
  'contact.change_stage': 'move this lead to that stage',
  'account.read': 'read accounts',
  'account.write': 'change accounts',
  'stages.read': 'read the stage definitions',
  'stages.propose': 'propose definitions',
  'definitions.sign': 'sign definitions for that side',
  'lead.log_activity': 'log attempts on this lead',
  'lead.qualify': 'answer the qualification on this lead',
  'reports.read': 'read reports',
  'member.read': 'read members',
  'member.manage': 'manage members',
  'api_key.manage': 'manage API keys',
  ingest: 'send tracking events',
  import: 'import',
  'scoring.read': 'read scoring',
  'scoring.manage': 'manage scoring models',
  'routing.manage': 'manage routing rules',
  'member.set_availability': "set this member's working hours or leave",
  'notifications.manage': 'manage webhook and Slack endpoints',
  'sla.read': 'read the SLA contract and scorecards',
  'sla.propose': 'propose an SLA contract',
  'sla.sign': 'sign the SLA contract for that side',
  'sla.read_breaches': 'read the SLA breaches',
  'plan.manage': "set the plan's revenue targets",
  'api.call': 'use the API beyond sending tracking events',
};

function describeActor(actor: Actor): string {
  if (actor.kind === 'member')
    return actor.role === 'marketing' ? 'A marketing member' : `A ${actor.role.replace('_', ' ')}`;
  if (actor.kind === 'api_key') return `An API key with scopes [${actor.scopes.join(', ')}]`;
  return 'The system';
}
