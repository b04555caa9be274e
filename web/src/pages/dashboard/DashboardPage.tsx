import { useSession } from '../../auth/session';
import { ManagerDashboard } from './ManagerDashboard';
import { MarketingDashboard } from './MarketingDashboard';
import { RepDashboard } from './RepDashboard';

/** Home: each role's own numbers, from the same rollups and definitions as the reports. */
export function DashboardPage() {
  const { member } = useSession();
  if (!member) return null;
  if (member.role === 'sales_rep') return <RepDashboard member={member} />;
  if (member.role === 'marketing') return <MarketingDashboard member={member} />;
  return <ManagerDashboard member={member} />;
}
