import { Badge, Button, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { EmptyState, LoadError, Loading } from '../../components/States.tsx';
import { type NotificationPref, meApi } from '../api.ts';

export function NotificationsSection() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const prefs = useQuery({ queryKey: ['me', 'notifications'], queryFn: meApi.notifications });
  const [items, setItems] = useState<NotificationPref[]>([]);
  useEffect(() => {
    if (prefs.data) setItems(prefs.data.items);
  }, [prefs.data]);
  const save = useMutation({
    mutationFn: () => meApi.saveNotifications(items.filter((i) => !i.mandatory).map(({ eventType, email }) => ({ eventType, email }))),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['me', 'notifications'] });
      notifications.show({ message: t('common.saved'), color: 'teal' });
    },
  });
  const toggle = (eventType: string, email: boolean) =>
    setItems((list) => list.map((i) => (i.eventType === eventType ? { ...i, email } : i)));
  return (
    <Section title={t('settings.notifications')} lead={t('settings.notificationsLead')} testId="settings-notifications">
      {prefs.isPending ? <Loading /> : null}
      {prefs.isError ? <LoadError error={prefs.error} onRetry={() => void prefs.refetch()} /> : null}
      {prefs.data && items.length === 0 ? <EmptyState message={t('settings.notificationsEmpty')} /> : null}
      {items.length > 0 ? (
        <Stack>
          <ErrorAlert error={save.error} />
          <Table maw={560}>
            <Table.Tbody>
              {items.map((i) => (
                <Table.Tr key={i.eventType}>
                  <Table.Td>
                    <Group gap="xs">
                      <Text size="sm">{(i18n.language === 'en' ? i.labelEn : i.label) || i.eventType}</Text>
                      {i.mandatory ? <Badge size="xs" variant="light" color="orange">{t('mfa.required')}</Badge> : null}
                    </Group>
                  </Table.Td>
                  <Table.Td w={120}>
                    <Checkbox label={t('settings.emailColumn')} checked={i.email || i.mandatory} disabled={i.mandatory}
                      onChange={(e) => toggle(i.eventType, e.currentTarget.checked)} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group>
            <Button onClick={() => save.mutate()} loading={save.isPending}>{t('common.save')}</Button>
          </Group>
        </Stack>
      ) : null}
    </Section>
  );
}
