import { AppShell, Badge, Burger, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import type { Role } from '../api/types';
import { useSession } from '../auth/session';
import { StagesProvider } from '../stages/stages';
import { NotificationBell } from './NotificationBell';

interface Area {
  path: string;
  label: string;
  /** Roles the area is hidden from because the server refuses them its work. */
  hiddenFrom?: Role[];
}

const areas: Area[] = [
  { path: '/', label: 'Home' },
  { path: '/contacts', label: 'Contacts' },
  { path: '/accounts', label: 'Accounts' },
  { path: '/inbox', label: 'Inbox', hiddenFrom: ['marketing'] },
  { path: '/scoring', label: 'Scoring' },
  { path: '/sla', label: 'SLA' },
  { path: '/feedback', label: 'Feedback' },
  { path: '/reports', label: 'Reports' },
  { path: '/plan', label: 'Plan' },
  { path: '/definitions', label: 'Definitions' },
  { path: '/personas', label: 'Personas' },
  { path: '/imports', label: 'Import', hiddenFrom: ['sales_rep'] },
  { path: '/settings', label: 'Settings' },
];

/** A rep's day starts in their inbox, so it comes first for them after home. */
function areasFor(role: Role | undefined): Area[] {
  const visible = areas.filter((area) => !(role && area.hiddenFrom?.includes(role)));
  if (role !== 'sales_rep') return visible;
  const first = ['/', '/inbox'];
  return [
    ...first.flatMap((path) => visible.filter((a) => a.path === path)),
    ...visible.filter((a) => !first.includes(a.path)),
  ];
}

const roleLabels: Record<Role, string> = {
  admin: 'Admin',
  marketing: 'Marketing',
  sales_manager: 'Sales manager',
  sales_rep: 'Sales rep',
};

export function Shell() {
  const [opened, { toggle, close }] = useDisclosure();
  const { member, signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" />
            <Title order={3}>Tandem</Title>
            <Text c="dimmed" size="sm" visibleFrom="sm">
              the lead desk marketing and sales share
            </Text>
          </Group>
          {member && (
            <Group gap="sm">
              <NotificationBell />
              <Text size="sm" data-testid="member-name">
                {member.name}
              </Text>
              <Badge variant="outline" data-testid="member-role">
                {roleLabels[member.role]}
              </Badge>
              <Button
                variant="subtle"
                size="xs"
                onClick={() => {
                  void signOut().then(() => navigate('/signin'));
                }}
              >
                Sign out
              </Button>
            </Group>
          )}
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        {areasFor(member?.role).map((area) => (
          <NavLink
            key={area.path}
            component={Link}
            to={area.path}
            label={area.label}
            active={
              area.path === '/'
                ? location.pathname === '/'
                : location.pathname.startsWith(area.path)
            }
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <StagesProvider>
          <Outlet />
        </StagesProvider>
      </AppShell.Main>
    </AppShell>
  );
}
