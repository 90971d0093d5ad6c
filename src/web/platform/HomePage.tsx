import { Alert, Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Role } from '../../common/roles.ts';
import { useRoleLabel } from '../components/RoleBadges.tsx';
import type { MessageKey } from '../i18n/index.ts';
import { useInstitutionName } from '../lib/institution.ts';
import { type SessionInfo, useSession } from './api.ts';

interface CardLink {
  label: MessageKey;
  to: (s: SessionInfo) => string;
  soon?: boolean;
}

const members = (s: SessionInfo) => `/institutions/${s.institution.id}/members`;
const contacts = (s: SessionInfo) => `/institutions/${s.institution.id}`;

/** What each role does here, with the links that matter to it. Modules to come are marked 準備中. */
const CARDS: Record<Role | 'settings', CardLink[]> = {
  admin: [
    { label: 'home.links.members', to: members },
    { label: 'home.links.audit', to: () => '/audit' },
    { label: 'home.links.review', to: () => '/account-review' },
  ],
  ciso: [{ label: 'home.links.members', to: members }, { label: 'nav.assessments', to: () => '/assessments' }, { label: 'incidents.nav.summary', to: () => '/incidents/summary' }],
  csirt: [
    { label: 'incidents.nav.queue', to: () => '/incidents' },
    { label: 'sharing.nav.reports', to: () => '/sharing/reports' },
    { label: 'flows.nav.own', to: () => '/flows/alerts' },
  ],
  staff: [{ label: 'incidents.nav.report', to: () => '/incidents/report' }, { label: 'incidents.nav.mine', to: () => '/incidents/reports/mine' }],
  auditor: [{ label: 'nav.assessments', to: () => '/assessments' }],
  sysadmin: [{ label: 'nav.isms', to: () => '/isms', soon: true }, { label: 'nav.assessments', to: () => '/assessments' }],
  coordinator: [{ label: 'home.links.contacts', to: contacts }, { label: 'home.links.institutions', to: () => '/institutions' }],
  operator: [
    { label: 'home.links.institutions', to: () => '/institutions' },
    { label: 'flows.nav.review', to: () => '/flows/review' },
    { label: 'intel.nav.sources', to: () => '/intel/sources' },
  ],
  settings: [{ label: 'home.links.settings', to: () => '/settings' }],
};

function RoleCard({ kind, session }: { kind: Role | 'settings'; session: SessionInfo }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="lg" data-testid={`home-card-${kind}`}>
      <Stack gap="xs" h="100%">
        <Text fw={700}>{t(`home.cards.${kind}.title`)}</Text>
        <Text size="sm" c="dimmed" style={{ flex: 1 }}>
          {t(`home.cards.${kind}.body`)}
        </Text>
        <Stack gap={4}>
          {CARDS[kind].map((l) =>
            l.soon ? (
              <Group key={l.label} gap={6}>
                <Text size="sm" c="dimmed">{t(l.label)}</Text>
                <Badge size="xs" variant="light" color="gray">{t('common.comingSoon')}</Badge>
              </Group>
            ) : (
              <Anchor key={l.label} component={Link} to={l.to(session)} size="sm">
                {t(l.label)} →
              </Anchor>
            ),
          )}
        </Stack>
      </Stack>
    </Card>
  );
}

export function HomePage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const roleLabel = useRoleLabel();
  const instName = useInstitutionName();
  const kinds: (Role | 'settings')[] = [...session.roles, 'settings'];
  return (
    <Stack>
      <Stack gap={4}>
        <Title order={2}>{t('home.welcome', { name: session.user.displayName })}</Title>
        <Text c="dimmed" size="sm">
          {t('home.lead', { institution: instName(session.institution), roles: session.roles.map(roleLabel).join(i18n.language === 'en' ? ', ' : '、') })}
        </Text>
      </Stack>
      {!session.user.mfaEnabled ? (
        <Alert color="yellow" variant="light">
          <Group justify="space-between">
            <Text size="sm">{t('home.mfaWarn')}</Text>
            <Anchor component={Link} to="/mfa/setup" size="sm">{t('mfa.setUp')}</Anchor>
          </Group>
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {kinds.map((k) => (
          <RoleCard key={k} kind={k} session={session} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
