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
  | { action: 'member.read' }
  | { action: 'member.manage' }
  | { action: 'api_key.manage' }
  | { action: 'ingest' }
  /** Running CSV imports (contacts, accounts, events) and reading their reports. */
  | { action: 'import' }
  /** Model versions, explanations and backtests: both teams read them. */
  | { action: 'scoring.read' }
  /** Drafting, learning, activating and retiring model versions. */
  | { action: 'scoring.manage' };

type Action = Permission['action'];

const readActions = new Set<Action>([
  'contact.read',
  'account.read',
  'stages.read',
  'member.read',
  'scoring.read',
]);

function apiKeyAllows(scopes: ApiKeyScope[], action: Action): boolean {
  if (scopes.includes('admin')) return true;
  if (action === 'ingest') return scopes.includes('ingest') || scopes.includes('write');
  if (readActions.has(action)) return scopes.includes('read') || scopes.includes('write');
  if (action === 'member.manage' || action === 'api_key.manage' || action === 'stages.propose') {
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
      // Marketing moves leads among its own stages; once sales holds a lead, only sales moves it.
      if (role === 'marketing')
        return (from?.owningTeam ?? 'marketing') === 'marketing' && to.owningTeam === 'marketing';
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
    // Bulk loading is for the people who run the shared database, not for a rep's inbox.
    case 'import':
      return role === 'marketing' || role === 'sales_manager';
    // Scoring criteria are agreed between the teams: marketing and the sales manager both shape them.
    case 'scoring.manage':
      return role === 'marketing' || role === 'sales_manager';
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
      `${describeActor(actor)} may not ${permission.action.replace('.', ' ').replace('_', ' ')}`,
    );
  }
}

function describeActor(actor: Actor): string {
  if (actor.kind === 'member') return `A ${actor.role.replace('_', ' ')}`;
  if (actor.kind === 'api_key') return `An API key with scopes [${actor.scopes.join(', ')}]`;
  return 'The system';
}
