import { Badge, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RouteObject } from 'react-router-dom';
import type { MessageKey } from '../i18n/index.ts';
import { upcomingNav } from './nav.ts';

function ComingSoonPage({ title }: { title: MessageKey }) {
  const { t } = useTranslation();
  return (
    <Stack align="flex-start" gap="sm">
      <Badge variant="light" color="gray">{t('common.comingSoon')}</Badge>
      <Title order={2}>{t(title)}</Title>
      <Text c="dimmed">{t('states.comingSoonLead')}</Text>
    </Stack>
  );
}

/** A placeholder page for each module still to come, so links to it do not 404. */
export const upcomingRoutes: RouteObject[] = upcomingNav.entries.map((e) => ({
  path: `${String(e.to).replace(/^\//, '')}/*`,
  element: <ComingSoonPage title={e.label} />,
}));
