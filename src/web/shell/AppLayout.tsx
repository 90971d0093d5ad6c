import { AppShell, Badge, Burger, Group, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router-dom';
import { useInstitutionName } from '../lib/institution.ts';
import { useSession } from '../platform/api.ts';
import { NavBar } from './NavBar.tsx';
import { UserMenu } from './UserMenu.tsx';

/** Header (product, institution, user menu), side navigation and the page. */
export function AppLayout() {
  const { t } = useTranslation();
  const session = useSession();
  const instName = useInstitutionName();
  const [opened, { toggle, close }] = useDisclosure(false);
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.open')} />
            <Text component={Link} to="/" fw={700} size="lg" c="indigo.8" style={{ textDecoration: 'none' }}>
              {t('app.name')}
            </Text>
            <Text c="dimmed" visibleFrom="sm">
              |
            </Text>
            <Text size="sm" fw={500} visibleFrom="sm" lineClamp={1} data-testid="header-institution">
              {instName(session.institution)}
            </Text>
            {session.institution.kind === 'operator' ? (
              <Badge size="sm" variant="light" color="grape" visibleFrom="md">
                {t('institutionKind.operator')}
              </Badge>
            ) : null}
          </Group>
          <UserMenu session={session} />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <NavBar session={session} onNavigate={close} />
      </AppShell.Navbar>
      <AppShell.Main bg="gray.0">
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
