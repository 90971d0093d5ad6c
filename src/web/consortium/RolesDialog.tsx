import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../common/roles.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { fieldErrors } from '../lib/problem.ts';
import { type Member, membersApi } from './api.ts';
import { RolePicker } from './RolePicker.tsx';

export function RolesDialog({ member, consortiumRoles, onClose }: { member: Member | null; consortiumRoles: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [roles, setRoles] = useState<Role[]>([]);
  useEffect(() => {
    if (member) setRoles(member.roles);
  }, [member]);
  const save = useMutation({
    mutationFn: () => membersApi.setRoles(member?.id ?? '', roles),
    onSuccess: async () => {
      notifications.show({ message: t('members.rolesSaved'), color: 'teal' });
      await qc.invalidateQueries({ queryKey: ['members'] });
      onClose();
    },
  });
  const close = () => {
    save.reset();
    onClose();
  };
  // Consortium roles already held stay visible so that they are not dropped by accident.
  const holdsConsortium = roles.some((r) => r === 'coordinator' || r === 'operator');
  const consortiumMode = consortiumRoles ? 'edit' : holdsConsortium ? 'readonly' : 'hidden';
  return (
    <Modal opened={member !== null} onClose={close} title={t('members.changeRoles')} size="lg" centered>
      <Stack>
        <Text size="sm">{member ? `${member.displayName}（${member.email}）` : ''}</Text>
        <ErrorAlert error={save.error} fields={['roles']} />
        <RolePicker value={roles} onChange={setRoles} consortium={consortiumMode}
          error={roles.length === 0 ? t('members.rolesRequired') : fieldErrors(save.error).roles} />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
          <Button onClick={() => save.mutate()} loading={save.isPending} disabled={roles.length === 0} data-testid="roles-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
