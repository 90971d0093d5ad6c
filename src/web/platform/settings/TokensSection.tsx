import { Alert, Badge, Button, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { CopyField } from '../../components/CopyField.tsx';
import { Section } from '../../components/Section.tsx';
import { EmptyState, LoadError, Loading } from '../../components/States.tsx';
import { formatDateTime } from '../../lib/datetime.ts';
import { type ApiToken, meApi } from '../api.ts';
import { TokenCreateForm } from './TokenCreateForm.tsx';

export function TokensSection() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const tokens = useQuery({ queryKey: ['me', 'tokens'], queryFn: meApi.tokens });
  const [created, setCreated] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const revoke = useMutation({
    mutationFn: (id: string) => meApi.revokeToken(id),
    onSuccess: async () => {
      setRevoking(null);
      notifications.show({ message: t('settings.tokenRevoked'), color: 'gray' });
      await qc.invalidateQueries({ queryKey: ['me', 'tokens'] });
    },
  });
  const scopeLabel = (s: string) => (s === 'write' ? t('settings.scopeWrite') : t('settings.scopeRead'));
  return (
    <Section title={t('settings.tokens')} lead={t('settings.tokensLead')} testId="settings-tokens">
      <TokenCreateForm onCreated={setCreated} />
      {created ? (
        <Alert color="teal" title={t('settings.tokenCreated')} withCloseButton onClose={() => setCreated(null)}>
          <Stack gap="xs">
            <Text size="sm">{t('settings.tokenOnce')}</Text>
            <CopyField value={created} testId="token-value" />
          </Stack>
        </Alert>
      ) : null}
      {tokens.isPending ? <Loading /> : null}
      {tokens.isError ? <LoadError error={tokens.error} onRetry={() => void tokens.refetch()} /> : null}
      {tokens.data && tokens.data.items.length === 0 ? <EmptyState message={t('settings.tokensEmpty')} /> : null}
      {tokens.data && tokens.data.items.length > 0 ? (
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.tokenName')}</Table.Th>
                <Table.Th>{t('settings.tokenScopes')}</Table.Th>
                <Table.Th>{t('settings.createdAt')}</Table.Th>
                <Table.Th>{t('settings.lastUsed')}</Table.Th>
                <Table.Th>{t('settings.expiresAt')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.data.items.map((tok) => (
                <Table.Tr key={tok.id} c={tok.revokedAt ? 'dimmed' : undefined}>
                  <Table.Td>{tok.name}</Table.Td>
                  <Table.Td>{tok.scopes.map(scopeLabel).join(' / ')}</Table.Td>
                  <Table.Td>{formatDateTime(tok.createdAt)}</Table.Td>
                  <Table.Td>{formatDateTime(tok.lastUsedAt) || '—'}</Table.Td>
                  <Table.Td>{formatDateTime(tok.expiresAt) || t('common.notSet')}</Table.Td>
                  <Table.Td>
                    {tok.revokedAt ? (
                      <Badge color="gray" variant="light">{t('settings.revokedAt')} {formatDateTime(tok.revokedAt)}</Badge>
                    ) : (
                      <Button size="xs" variant="subtle" color="red" onClick={() => { revoke.reset(); setRevoking(tok); }}>
                        {t('common.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      <ConfirmModal
        opened={revoking !== null}
        title={t('common.revoke')}
        message={t('settings.tokenRevokeConfirm', { name: revoking?.name ?? '' })}
        confirmLabel={t('common.revoke')}
        danger
        loading={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
        onClose={() => setRevoking(null)}
      />
    </Section>
  );
}
