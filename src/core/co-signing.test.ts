import { describe, expect, it } from 'vitest';
import { AppError } from './app-error.js';
import { type CoSignedDocument, coSign, signerOf } from './co-signing.js';
import type { Actor, Role } from './roles.js';

const sla: CoSignedDocument = { action: 'sla.sign', name: 'the SLA contract' };
const definitions: CoSignedDocument = { action: 'definitions.sign', name: 'definitions' };

function member(role: Role, id = 'm1'): Actor {
  return { kind: 'member', id, role, teamId: null, name: role };
}
const signed = (id: string, side: 'marketing' | 'sales') => ({ member: { id }, side });

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('coSign', () => {
  it('takes effect once a marketing and a sales signature are on it', () => {
    expect(coSign([], { memberId: 'a', side: 'marketing' })).toEqual({
      kind: 'signed',
      takesEffect: false,
    });
    expect(coSign([signed('a', 'marketing')], { memberId: 'b', side: 'sales' })).toEqual({
      kind: 'signed',
      takesEffect: true,
    });
    expect(coSign([signed('a', 'sales')], { memberId: 'b', side: 'marketing' })).toEqual({
      kind: 'signed',
      takesEffect: true,
    });
  });

  it('does not take effect on two signatures for the same side', () => {
    expect(coSign([signed('a', 'sales')], { memberId: 'b', side: 'sales' })).toEqual({
      kind: 'signed',
      takesEffect: false,
    });
  });

  it('refuses a second signature from the same member, whatever side it names', () => {
    // An admin who signed for marketing cannot complete the pair for sales alone.
    expect(coSign([signed('a', 'marketing')], { memberId: 'a', side: 'sales' })).toEqual({
      kind: 'already_signed',
      side: 'marketing',
    });
    expect(coSign([signed('a', 'sales')], { memberId: 'a', side: 'sales' })).toEqual({
      kind: 'already_signed',
      side: 'sales',
    });
  });
});

describe('signerOf', () => {
  it('signs for the member’s own side, and for the side an admin names', () => {
    expect(signerOf(sla, member('marketing'), undefined)).toEqual({
      memberId: 'm1',
      side: 'marketing',
    });
    expect(signerOf(sla, member('sales_manager'), undefined)).toEqual({
      memberId: 'm1',
      side: 'sales',
    });
    expect(signerOf(definitions, member('sales_rep'), undefined)).toEqual({
      memberId: 'm1',
      side: 'sales',
    });
    expect(signerOf(definitions, member('admin'), 'marketing')).toEqual({
      memberId: 'm1',
      side: 'marketing',
    });
  });

  it('refuses API keys and the system: a signature names a member', () => {
    const key: Actor = { kind: 'api_key', id: 'k', scopes: ['admin'], name: 'k' };
    expect(refusal(() => signerOf(sla, key, 'sales'))).toMatchObject({
      code: 'forbidden',
      message: 'An API key cannot sign: a signature speaks for a member',
    });
    const system: Actor = { kind: 'system', id: null, name: 'Tandem' };
    expect(refusal(() => signerOf(definitions, system, 'sales'))).toMatchObject({
      code: 'forbidden',
      message: 'Only a member can sign definitions',
    });
  });

  it('asks an admin which side, naming the field', () => {
    expect(refusal(() => signerOf(sla, member('admin'), undefined))).toMatchObject({
      code: 'validation_failed',
      fields: [{ field: 'side' }],
    });
  });

  it('refuses the other side, and a rep for the SLA’s sales side', () => {
    expect(refusal(() => signerOf(definitions, member('marketing'), 'sales'))).toMatchObject({
      code: 'forbidden',
      message: 'A marketing signs for marketing, not for sales',
    });
    expect(refusal(() => signerOf(sla, member('sales_rep'), undefined))).toMatchObject({
      code: 'forbidden',
      message: 'A sales rep may not sign the SLA contract: the sales manager co-signs for sales',
    });
  });
});
