import { Tabs } from '@mantine/core';
import { useLocation, useNavigate } from 'react-router-dom';
import { useSession } from '../../auth/session';

/** The SLA area's three views; breaches only for those who may reassign. */
export function SlaNav() {
  const { member } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const canSeeBreaches = member?.role === 'admin' || member?.role === 'sales_manager';
  const value = location.pathname.startsWith('/sla/scorecards')
    ? '/sla/scorecards'
    : location.pathname.startsWith('/sla/breaches')
      ? '/sla/breaches'
      : '/sla';
  return (
    <Tabs value={value} onChange={(v) => v && navigate(v)} mb="md">
      <Tabs.List>
        <Tabs.Tab value="/sla">Contract</Tabs.Tab>
        <Tabs.Tab value="/sla/scorecards">Scorecards</Tabs.Tab>
        {canSeeBreaches && <Tabs.Tab value="/sla/breaches">Breaches</Tabs.Tab>}
      </Tabs.List>
    </Tabs>
  );
}
