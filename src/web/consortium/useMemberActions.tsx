import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../components/ConfirmModal.tsx';
import { errorMessage } from '../lib/problem.ts';
import { membersApi } from './api.ts';

interface Target {
  id: string;
  displayName: string;
  email: string;
}

/** Deactivate (after confirming), reactivate and unlock, with their notifications. */
export function useMemberActions() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState<Target | null>(null);
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ['members'] });
    await qc.invalidateQueries({ queryKey: ['account-review'] });
  };
  const deactivate = useMutation({
    mutationFn: (id: string) => membersApi.deactivate(id),
    onSuccess: async () => {
      setConfirming(null);
      notifications.show({ message: t('members.deactivated_done'), color: 'gray' });
      await refresh();
    },
  });
  const simple = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'reactivate' | 'unlock' }) =>
      action === 'unlock' ? membersApi.unlock(id) : membersApi.reactivate(id),
    onSuccess: async (_r, { action }) => {
      notifications.show({ message: t(action === 'unlock' ? 'members.unlocked_done' : 'members.reactivated_done'), color: 'teal' });
      await refresh();
    },
    onError: (e) => notifications.show({ message: errorMessage(t, e), color: 'red' }),
  });
  const modal = (
    <ConfirmModal
      opened={confirming !== null}
      title={t('members.deactivate')}
      message={t('members.deactivateConfirm', { name: confirming?.displayName ?? '', email: confirming?.email ?? '' })}
      confirmLabel={t('members.deactivate')}
      danger
      loading={deactivate.isPending}
      error={deactivate.error}
      onConfirm={() => confirming && deactivate.mutate(confirming.id)}
      onClose={() => {
        deactivate.reset();
        setConfirming(null);
      }}
    />
  );
  return {
    askDeactivate: (target: Target) => setConfirming(target),
    reactivate: (id: string) => simple.mutate({ id, action: 'reactivate' }),
    unlock: (id: string) => simple.mutate({ id, action: 'unlock' }),
    modal,
  };
}
