import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../common/roles.ts';
import { CopyField } from '../components/CopyField.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { fieldErrors } from '../lib/problem.ts';
import { membersApi } from './api.ts';
import { RolePicker } from './RolePicker.tsx';

interface Props {
  institutionId: string;
  opened: boolean;
  consortiumRoles: boolean;
  onClose: () => void;
}

/** Invite someone by email; the result is a link to pass on (the server also mails it). */
export function InviteDialog({ institutionId, opened, consortiumRoles, onClose }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<Role[]>(['staff']);
  const [rolesMissing, setRolesMissing] = useState(false);
  const invite = useMutation({
    mutationFn: () => membersApi.invite(institutionId, { email: email.trim(), displayName: displayName.trim(), roles }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['invitations', institutionId] }),
  });
  const close = () => {
    setEmail('');
    setDisplayName('');
    setRoles(['staff']);
    invite.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setRolesMissing(roles.length === 0);
    if (roles.length > 0) invite.mutate();
  };
  const fe = fieldErrors(invite.error);
  return (
    <Modal opened={opened} onClose={close} title={t('inviteDialog.title')} size="lg" centered>
      {invite.data ? (
        <Stack data-testid="invite-result">
          <Alert color="teal">{t('inviteDialog.created')}</Alert>
          <CopyField label={t('inviteDialog.link')} value={invite.data.link} testId="invite-link" />
          <Group justify="flex-end">
            <Button onClick={close}>{t('common.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <ErrorAlert error={invite.error} fields={['email', 'displayName', 'roles']} />
            <TextInput label={t('inviteDialog.email')} type="email" required value={email} error={fe.email}
              onChange={(e) => setEmail(e.currentTarget.value)} data-testid="invite-email" />
            <TextInput label={t('inviteDialog.displayName')} required value={displayName} error={fe.displayName}
              onChange={(e) => setDisplayName(e.currentTarget.value)} data-testid="invite-name" />
            <RolePicker label={t('inviteDialog.roles')} value={roles} onChange={setRoles} consortium={consortiumRoles ? 'edit' : 'hidden'}
              error={rolesMissing ? t('members.rolesRequired') : fe.roles} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
              <Button type="submit" loading={invite.isPending} data-testid="invite-submit">{t('inviteDialog.submit')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
