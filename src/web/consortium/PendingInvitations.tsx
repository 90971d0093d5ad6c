import { Button, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { RoleBadges } from '../components/RoleBadges.tsx';
import { Section } from '../components/Section.tsx';
import { LoadError, Loading } from '../components/States.tsx';
import { formatDateTime } from '../lib/datetime.ts';
import { errorMessage } from '../lib/problem.ts';
import { membersApi } from './api.ts';

export function PendingInvitations({ institutionId }: { institutionId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['invitations', institutionId], queryFn: () => membersApi.invitations(institutionId) });
  const revoke = useMutation({
    mutationFn: (id: string) => membersApi.revokeInvitation(id),
    onSuccess: async () => {
      notifications.show({ message: t('members.inviteRevoked'), color: 'gray' });
      await qc.invalidateQueries({ queryKey: ['invitations', institutionId] });
    },
    onError: (e) => notifications.show({ message: errorMessage(t, e), color: 'red' }),
  });
  return (
    <Section title={t('members.pending')} testId="pending-invitations">
      {list.isPending ? <Loading /> : null}
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && list.data.items.length === 0 ? <Text size="sm" c="dimmed">{t('members.pendingEmpty')}</Text> : null}
      {list.data && list.data.items.length > 0 ? (
        <Table.ScrollContainer minWidth={640}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('members.name')}</Table.Th>
                <Table.Th>{t('members.role')}</Table.Th>
                <Table.Th>{t('members.expires')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((inv) => (
                <Table.Tr key={inv.id}>
                  <Table.Td>
                    <Text size="sm">{inv.displayName}</Text>
                    <Text size="xs" c="dimmed">{inv.email}</Text>
                  </Table.Td>
                  <Table.Td><RoleBadges roles={inv.roles} /></Table.Td>
                  <Table.Td><Text size="sm">{formatDateTime(inv.expiresAt)}</Text></Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="subtle" color="red" loading={revoke.isPending && revoke.variables === inv.id}
                      onClick={() => revoke.mutate(inv.id)}>
                      {t('members.revokeInvite')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Section>
  );
}
