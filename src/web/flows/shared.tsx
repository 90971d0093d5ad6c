import { Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type Institution, institutionsApi } from '../consortium/api.ts';
import { useInstitutionName } from '../lib/institution.ts';
import { type SessionInfo, useSession } from '../platform/api.ts';

/** Institutions by id, for names in the operator's lists (the directory every signed-in user may read). */
export function useInstitutions(enabled = true) {
  const q = useQuery({ queryKey: ['institutions'], queryFn: institutionsApi.list, staleTime: 300_000, enabled });
  const name = useInstitutionName();
  const byId = new Map<string, Institution>((q.data?.items ?? []).map((i) => [i.id, i]));
  return {
    members: (q.data?.items ?? []).filter((i) => i.kind === 'member'),
    nameOf: (id: string) => name(byId.get(id)) || id,
  };
}

/** Shows its children only to those the rule lets in; the server checks again. */
export function RequireFlows({ allow, children }: { allow: (s: SessionInfo) => boolean; children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  if (allow(session)) return <>{children}</>;
  return (
    <Stack align="flex-start" gap="xs" data-testid="forbidden">
      <Title order={2}>{t('flows.guard.forbidden')}</Title>
      <Text c="dimmed">{t('flows.guard.forbiddenLead')}</Text>
    </Stack>
  );
}
