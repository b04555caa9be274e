export const roles = ['admin', 'marketing', 'sales_manager', 'sales_rep'] as const;
export type Role = (typeof roles)[number];

export const apiKeyScopes = ['ingest', 'read', 'write', 'admin'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export const teamSides = ['marketing', 'sales'] as const;
export type TeamSide = (typeof teamSides)[number];

/** Which side of the house a role speaks for when signing or owning stages. */
export function sideOfRole(role: Role): TeamSide | 'both' {
  if (role === 'admin') return 'both';
  return role === 'marketing' ? 'marketing' : 'sales';
}

/** Who is acting: a signed-in member, an API key, or the system itself (jobs, demo). */
export type Actor =
  | { kind: 'member'; id: string; role: Role; teamId: string | null; name: string }
  | { kind: 'api_key'; id: string; scopes: ApiKeyScope[]; name: string }
  | { kind: 'system'; id: null; name: string };

export const systemActor: Actor = { kind: 'system', id: null, name: 'Tandem' };

export function memberActor(m: {
  id: string;
  role: Role;
  teamId: string | null;
  name: string;
}): Actor {
  return { kind: 'member', id: m.id, role: m.role, teamId: m.teamId, name: m.name };
}
