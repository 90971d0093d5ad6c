import { Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../platform/api.ts';
import { canManageIntel } from './permissions.ts';

/** Threat-intelligence pages are the operator's; others get a plain explanation (the server refuses them anyway). */
export function RequireIntel({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  if (canManageIntel(session)) return <>{children}</>;
  return (
    <Stack align="flex-start" gap="xs" data-testid="forbidden">
      <Title order={2}>{t('intel.guard.forbidden')}</Title>
      <Text c="dimmed">{t('intel.guard.forbiddenLead')}</Text>
    </Stack>
  );
}
