import type { Contact, Member, Stage } from '../../api/types';

/**
 * What the signed-in member may do with a lead from where it stands: the
 * current stage's allowed transitions, narrowed by the rules of
 * src/core/policy.ts. The server decides every action again; this only keeps
 * the panel from offering what it would refuse.
 */
export interface LeadPermissions {
  accept: boolean;
  /** Turn the lead down with a reject reason code (recycled or disqualified). */
  reject: boolean;
  logAttempt: boolean;
  /** Record qualification answers. */
  answer: boolean;
  qualify: boolean;
  openOpportunity: boolean;
  won: boolean;
  lost: boolean;
  assign: boolean;
  /** Every allowed target the member may move the lead to (the generic "Move to…"). */
  moves: string[];
}

const nothing: LeadPermissions = {
  accept: false,
  reject: false,
  logAttempt: false,
  answer: false,
  qualify: false,
  openOpportunity: false,
  won: false,
  lost: false,
  assign: false,
  moves: [],
};

type StageShape = Pick<Stage, 'key' | 'kind' | 'owningTeam'>;

/** core/policy.ts, `contact.change_stage`, for a member. */
export function mayMove(
  member: Pick<Member, 'id' | 'role'>,
  ownerId: string | null,
  from: StageShape | null,
  to: StageShape,
): boolean {
  const { role } = member;
  if (role === 'admin') return true;
  if (role === 'marketing')
    return (
      (from?.owningTeam ?? 'marketing') === 'marketing' &&
      from?.kind !== 'route' &&
      to.owningTeam === 'marketing'
    );
  const salesMove =
    from?.owningTeam === 'sales' || to.owningTeam === 'sales' || from?.kind === 'route';
  if (role === 'sales_manager') return salesMove;
  return salesMove && ownerId === member.id;
}

/** core/policy.ts, `lead.log_activity` and `lead.qualify`: the owning rep's work; managers cover. */
function mayWorkLead(member: Pick<Member, 'id' | 'role'>, ownerId: string | null): boolean {
  return (
    member.role === 'admin' ||
    member.role === 'sales_manager' ||
    (member.role === 'sales_rep' && ownerId === member.id)
  );
}

export function leadPermissions(
  member: Pick<Member, 'id' | 'role'> | null,
  contact: Pick<Contact, 'ownerId' | 'lifecycleStage'>,
  stages: readonly Stage[],
): LeadPermissions {
  if (!member) return nothing;
  const byKey = new Map(stages.map((s) => [s.key, s]));
  const from = byKey.get(contact.lifecycleStage) ?? null;
  if (!from) return { ...nothing, assign: mayAssign(member) };
  const { ownerId } = contact;
  const allowed = from.allowedTransitions.filter((key) => byKey.has(key));
  const can = (to: string, owner = ownerId) =>
    allowed.includes(to) && mayMove(member, owner, from, byKey.get(to)!);
  const exits = ['recycled', 'disqualified'];
  const canExit = exits.some((to) => can(to));
  const work = mayWorkLead(member, ownerId);
  // A deal in progress ends as won or lost; before that, sales turns a lead down with a reject code.
  const isDeal = allowed.includes('customer');

  return {
    // Accepting makes an unowned lead the accepting member's, so the policy sees them as owner.
    accept: from.kind === 'route' && can('sal', ownerId ?? member.id),
    reject: !isDeal && canExit && (from.kind === 'route' || from.owningTeam === 'sales'),
    // Attempts are about reaching a lead; a stage with no way onward (customer) is past that.
    logAttempt: work && allowed.length > 0,
    // Answers matter until the deal closes: from acceptance (SQL is next) to the open opportunity.
    answer: work && allowed.length > 0 && (allowed.includes('sql') || from.owningTeam === 'sales'),
    qualify: work && can('sql'),
    openOpportunity: can('opportunity'),
    won: can('customer'),
    lost: isDeal && canExit,
    assign: mayAssign(member),
    moves: allowed.filter((to) => can(to)),
  };
}

/** core/policy.ts, `contact.assign`: handing leads around is the manager's job. */
function mayAssign(member: Pick<Member, 'role'>): boolean {
  return member.role === 'admin' || member.role === 'sales_manager';
}
