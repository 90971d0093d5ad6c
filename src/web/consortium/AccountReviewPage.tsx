import { Badge, Button, Group, NumberInput, Select, Stack, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader.tsx';
import { RoleBadges } from '../components/RoleBadges.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { daysSince, formatDate, formatDateTime } from '../lib/datetime.ts';
import { useInstitutionName } from '../lib/institution.ts';
import { useSession } from '../platform/api.ts';
import { institutionsApi, membersApi } from './api.ts';
import { useMemberActions } from './useMemberActions.tsx';

/** アカウント棚卸し: accounts that have not signed in for N days, to deactivate leavers. */
export function AccountReviewPage() {
  const { t } = useTranslation();
  const session = useSession();
  const instName = useInstitutionName();
  const all = session.permissions.manageInstitutions;
  const [days, setDays] = useState<number | string>(90);
  const [institutionId, setInstitutionId] = useState<string | null>(all ? null : session.institution.id);
  const [debouncedDays] = useDebouncedValue(typeof days === 'number' && days >= 0 ? days : 90, 400);
  const actions = useMemberActions();
  const institutions = useQuery({ queryKey: ['institutions'], queryFn: institutionsApi.list, enabled: all });
  const review = useQuery({
    queryKey: ['account-review', debouncedDays, institutionId],
    queryFn: () => membersApi.review(debouncedDays, institutionId ?? undefined),
  });
  const nameOf = (id: string) => instName(institutions.data?.items.find((i) => i.id === id)) || (id === session.institution.id ? instName(session.institution) : id);
  return (
    <Stack>
      <PageHeader title={t('review.title')} lead={t('review.lead')} />
      <Group align="flex-end">
        <NumberInput label={t('review.days')} value={days} onChange={setDays} min={1} max={3650} w={140}
          allowDecimal={false} />
        <Text size="sm" c="dimmed" pb={8}>{t('review.daysSuffix')}</Text>
        {all ? (
          <Select label={t('review.institution')} placeholder={t('audit.allInstitutions')} clearable value={institutionId}
            onChange={setInstitutionId} w={280} searchable
            data={(institutions.data?.items ?? []).map((i) => ({ value: i.id, label: instName(i) }))} />
        ) : null}
        {review.data ? <Badge variant="light" size="lg" mb={4}>{t('review.count', { count: review.data.items.length })}</Badge> : null}
      </Group>
      {review.isPending ? <Loading /> : null}
      {review.isError ? <LoadError error={review.error} onRetry={() => void review.refetch()} /> : null}
      {review.data && review.data.items.length === 0 ? <EmptyState message={t('review.empty')} /> : null}
      {review.data && review.data.items.length > 0 ? (
        <Table.ScrollContainer minWidth={820}>
          <Table striped withTableBorder bg="white" data-testid="review-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('members.name')}</Table.Th>
                {all ? <Table.Th>{t('review.institution')}</Table.Th> : null}
                <Table.Th>{t('members.role')}</Table.Th>
                <Table.Th>{t('members.lastLogin')}</Table.Th>
                <Table.Th>{t('review.createdAt')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {review.data.items.map((u) => {
                const idle = daysSince(u.lastLoginAt);
                return (
                  <Table.Tr key={u.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>{u.displayName}</Text>
                      <Text size="xs" c="dimmed">{u.email}</Text>
                    </Table.Td>
                    {all ? <Table.Td><Text size="sm">{nameOf(u.institutionId)}</Text></Table.Td> : null}
                    <Table.Td><RoleBadges roles={u.roles} /></Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(u.lastLoginAt) || t('members.never')}</Text>
                      {idle !== null ? <Text size="xs" c="dimmed">{t('review.idleDays', { count: idle })}</Text> : null}
                    </Table.Td>
                    <Table.Td><Text size="sm">{formatDate(u.createdAt)}</Text></Table.Td>
                    <Table.Td>
                      <Button size="xs" variant="light" color="red" disabled={u.id === session.user.id}
                        onClick={() => actions.askDeactivate(u)}>
                        {t('members.deactivate')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {actions.modal}
    </Stack>
  );
}
