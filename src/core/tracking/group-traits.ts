/** What a Segment group call says about a company, in account terms. */
export interface GroupAccount {
  groupId: string;
  domain: string | null;
  name: string;
  industry: string | null;
  employees: number | null;
  country: string | null;
}

const domainPattern =
  /^(?=.{3,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

/** "https://www.Acme.com/about" → "acme.com"; anything that is not a host name → null. */
export function domainOf(value: unknown): string | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  let host = value.trim().toLowerCase();
  try {
    if (host.includes('://')) host = new URL(host).hostname;
  } catch {
    return null;
  }
  host = host.split('/')[0]!.replace(/^www\./, '');
  return domainPattern.test(host) ? host : null;
}

function text(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : null;
}

export function accountFromGroup(groupId: string, traits: Record<string, unknown>): GroupAccount {
  const address =
    typeof traits.address === 'object' && traits.address !== null
      ? (traits.address as Record<string, unknown>)
      : {};
  const employees = Number(traits.employees);
  const domain = domainOf(traits.domain) ?? domainOf(traits.website) ?? domainOf(groupId);
  return {
    groupId,
    domain,
    name: text(traits.name, 300) ?? domain ?? groupId,
    industry: text(traits.industry, 200),
    employees:
      Number.isInteger(employees) && employees >= 0 && employees <= 10_000_000 ? employees : null,
    country: text(traits.country, 100) ?? text(address.country, 100),
  };
}
