import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.js';
import { authorize, can, type Permission } from './policy.js';
import { type Actor, type ApiKeyScope, type Role, roles } from './roles.js';

const me = '11111111-1111-4111-8111-111111111111';
const other = '22222222-2222-4222-8222-222222222222';

function member(role: Role): Actor {
  return { kind: 'member', id: me, role, teamId: null, name: role };
}
function key(...scopes: ApiKeyScope[]): Actor {
  return { kind: 'api_key', id: 'k', scopes, name: 'k' };
}

const mkt = { owningTeam: 'marketing', kind: 'funnel' } as const;
const route = { owningTeam: 'marketing', kind: 'route' } as const;
const sales = { owningTeam: 'sales', kind: 'funnel' } as const;

/** The expected answer for each role, in the order of `roles`: admin, marketing, sales_manager, sales_rep. */
const matrix: [string, Permission, [boolean, boolean, boolean, boolean]][] = [
  ['read contacts', { action: 'contact.read' }, [true, true, true, true]],
  [
    'create an unowned contact',
    { action: 'contact.create', ownerId: null },
    [true, true, true, true],
  ],
  [
    'create a contact for another rep',
    { action: 'contact.create', ownerId: other },
    [true, true, true, false],
  ],
  ['edit own contact', { action: 'contact.update', ownerId: me }, [true, true, true, true]],
  [
    "edit another rep's contact",
    { action: 'contact.update', ownerId: other },
    [true, true, true, false],
  ],
  [
    "reassign another rep's contact",
    { action: 'contact.assign', currentOwnerId: other, newOwnerId: me },
    [true, false, true, false],
  ],
  [
    'claim an unowned contact',
    { action: 'contact.assign', currentOwnerId: null, newOwnerId: me },
    [true, false, true, true],
  ],
  [
    'give an unowned contact to another',
    { action: 'contact.assign', currentOwnerId: null, newOwnerId: other },
    [true, false, true, false],
  ],
  [
    'move lead → mql',
    { action: 'contact.change_stage', ownerId: null, from: mkt, to: route },
    [true, true, false, false],
  ],
  [
    'accept own mql → sal',
    { action: 'contact.change_stage', ownerId: me, from: route, to: sales },
    [true, false, true, true],
  ],
  [
    "accept another rep's mql",
    { action: 'contact.change_stage', ownerId: other, from: route, to: sales },
    [true, false, true, false],
  ],
  [
    'reject own mql → recycled (sales alone accepts or rejects)',
    { action: 'contact.change_stage', ownerId: me, from: route, to: mkt },
    [true, false, true, true],
  ],
  [
    'disqualify a lead marketing still holds',
    { action: 'contact.change_stage', ownerId: null, from: mkt, to: mkt },
    [true, true, false, false],
  ],
  [
    'pull a sal back to recycled',
    { action: 'contact.change_stage', ownerId: me, from: sales, to: mkt },
    [true, false, true, true],
  ],
  ['write accounts', { action: 'account.write' }, [true, true, true, false]],
  ['propose stage definitions', { action: 'stages.propose' }, [true, true, true, false]],
  ['manage members', { action: 'member.manage' }, [true, false, false, false]],
  ['manage API keys', { action: 'api_key.manage' }, [true, false, false, false]],
  ['ingest', { action: 'ingest' }, [true, false, false, false]],
  ['import CSV files', { action: 'import' }, [true, true, true, false]],
  ['read scoring models and explanations', { action: 'scoring.read' }, [true, true, true, true]],
  ['draft and activate scoring models', { action: 'scoring.manage' }, [true, true, true, false]],
  ['manage routing rules', { action: 'routing.manage' }, [true, false, true, false]],
  ['set the plan', { action: 'plan.manage' }, [true, true, true, false]],
  ['read the SLA contract and scorecards', { action: 'sla.read' }, [true, true, true, true]],
  ['propose an SLA contract', { action: 'sla.propose' }, [true, true, true, false]],
  [
    'sign the SLA contract for marketing',
    { action: 'sla.sign', side: 'marketing' },
    [true, true, false, false],
  ],
  [
    'sign the SLA contract for sales (the manager co-signs)',
    { action: 'sla.sign', side: 'sales' },
    [true, false, true, false],
  ],
  ['read SLA breaches', { action: 'sla.read_breaches' }, [true, false, true, false]],
  [
    'set own working hours and leave',
    { action: 'member.set_availability', memberId: me },
    [true, true, true, true],
  ],
  [
    "set another member's working hours and leave",
    { action: 'member.set_availability', memberId: other },
    [true, false, true, false],
  ],
  [
    'sign definitions for marketing',
    { action: 'definitions.sign', side: 'marketing' },
    [true, true, false, false],
  ],
  [
    'sign definitions for sales',
    { action: 'definitions.sign', side: 'sales' },
    [true, false, true, true],
  ],
  [
    'log an attempt on own lead',
    { action: 'lead.log_activity', ownerId: me },
    [true, false, true, true],
  ],
  [
    "log an attempt on another rep's lead",
    { action: 'lead.log_activity', ownerId: other },
    [true, false, true, false],
  ],
  ['fill in own qualification', { action: 'lead.qualify', ownerId: me }, [true, false, true, true]],
  ['read shared reports', { action: 'reports.read' }, [true, true, true, true]],
];

describe('policy: role matrix', () => {
  it.each(matrix)('%s', (_name, permission, expected) => {
    expect(roles.map((role) => can(member(role), permission))).toEqual(expected);
  });
});

describe('policy: API key scopes', () => {
  it('lets an ingest key do nothing but ingest', () => {
    const k = key('ingest');
    expect(can(k, { action: 'ingest' })).toBe(true);
    for (const [, permission] of matrix) {
      if (permission.action !== 'ingest') expect(can(k, permission)).toBe(false);
    }
  });
  it('lets a read key read only', () => {
    expect(can(key('read'), { action: 'contact.read' })).toBe(true);
    expect(can(key('read'), { action: 'contact.create', ownerId: null })).toBe(false);
  });
  it('lets a write key write data but not manage keys, members or definitions', () => {
    const k = key('write');
    expect(can(k, { action: 'contact.update', ownerId: other })).toBe(true);
    expect(can(k, { action: 'api_key.manage' })).toBe(false);
    expect(can(k, { action: 'member.manage' })).toBe(false);
    expect(can(k, { action: 'stages.propose' })).toBe(false);
    expect(can(k, { action: 'sla.propose' })).toBe(false);
    expect(can(k, { action: 'sla.sign', side: 'sales' })).toBe(false);
  });
  it('lets write and admin keys import, but not read or ingest keys', () => {
    expect(can(key('write'), { action: 'import' })).toBe(true);
    expect(can(key('admin'), { action: 'import' })).toBe(true);
    expect(can(key('read'), { action: 'import' })).toBe(false);
    expect(can(key('ingest'), { action: 'import' })).toBe(false);
  });
  it('lets an admin key do everything but sign, which speaks for a person', () => {
    for (const [, permission] of matrix)
      expect(can(key('admin'), permission)).toBe(!permission.action.endsWith('.sign'));
  });
  it('lets every member and every key but a tracking-only one call the API', () => {
    expect(can(key('ingest'), { action: 'api.call' })).toBe(false);
    for (const scope of ['read', 'write', 'admin'] as const)
      expect(can(key(scope), { action: 'api.call' })).toBe(true);
    expect(can(key('ingest', 'read'), { action: 'api.call' })).toBe(true);
    expect(can(member('sales_rep'), { action: 'api.call' })).toBe(true);
  });
});

describe('authorize', () => {
  it('throws a forbidden AppError that says who may not do what', () => {
    try {
      authorize(member('sales_rep'), { action: 'stages.propose' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('forbidden');
      expect((error as AppError).message).toBe('A sales rep may not propose definitions');
    }
  });
});
