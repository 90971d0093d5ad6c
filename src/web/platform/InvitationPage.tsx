import { Alert, Button, Group, PasswordInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { RoleBadges } from '../components/RoleBadges.tsx';
import { Loading } from '../components/States.tsx';
import { ApiError } from '../lib/api.ts';
import { formatDateTime } from '../lib/datetime.ts';
import { useInstitutionName } from '../lib/institution.ts';
import { fieldErrors } from '../lib/problem.ts';
import { AuthLayout } from '../shell/AuthLayout.tsx';
import { invitationApi } from './api.ts';

/** `/invite/:token`: see who invited you and as what, then choose a name and password. */
export function InvitationPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const instName = useInstitutionName();
  const invitation = useQuery({ queryKey: ['invitation', token], queryFn: () => invitationApi.get(token), retry: false });
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  useEffect(() => {
    if (invitation.data) setDisplayName((v) => v || invitation.data.displayName);
  }, [invitation.data]);
  const accept = useMutation({ mutationFn: () => invitationApi.accept(token, displayName.trim(), password) });

  if (invitation.isPending) return <AuthLayout title={t('invite.title')}><Loading /></AuthLayout>;
  if (invitation.isError) {
    const gone = invitation.error instanceof ApiError && [404, 410].includes(invitation.error.status);
    return (
      <AuthLayout title={t('invite.title')}>
        {gone ? <Alert color="red">{t('invite.invalid')}</Alert> : <ErrorAlert error={invitation.error} />}
      </AuthLayout>
    );
  }
  const inv = invitation.data;
  if (accept.isSuccess) {
    return (
      <AuthLayout title={t('invite.done')}>
        <Stack>
          <Alert color="teal" data-testid="invite-done">{t('invite.doneLead')}</Alert>
          <Button component={Link} to={`/sign-in?email=${encodeURIComponent(inv.email)}`}>
            {t('invite.goSignIn')}
          </Button>
        </Stack>
      </AuthLayout>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad = password !== confirm;
    setMismatch(bad);
    if (!bad) accept.mutate();
  };
  const fe = fieldErrors(accept.error);
  return (
    <AuthLayout title={t('invite.title')} width={520}>
      <Stack>
        <Text>{t('invite.lead', { institution: instName(inv.institution) })}</Text>
        <Table variant="vertical" withTableBorder>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={140}>{t('invite.email')}</Table.Th>
              <Table.Td data-testid="invite-email">{inv.email}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('invite.roles')}</Table.Th>
              <Table.Td><RoleBadges roles={inv.roles} /></Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('invite.expires')}</Table.Th>
              <Table.Td>{formatDateTime(inv.expiresAt)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <form onSubmit={submit} noValidate>
          <Stack>
            <ErrorAlert error={accept.error} fields={['displayName', 'password']} />
            <TextInput label={t('invite.displayName')} name="displayName" required value={displayName}
              onChange={(e) => setDisplayName(e.currentTarget.value)} error={fe.displayName} autoComplete="name" />
            <PasswordInput label={t('invite.password')} name="password" required value={password} description={t('invite.passwordHint')}
              onChange={(e) => setPassword(e.currentTarget.value)} error={fe.password} autoComplete="new-password" />
            <PasswordInput label={t('invite.passwordConfirm')} name="passwordConfirm" required value={confirm}
              onChange={(e) => setConfirm(e.currentTarget.value)} error={mismatch ? t('invite.mismatch') : undefined}
              autoComplete="new-password" />
            <Group justify="flex-end">
              <Button type="submit" loading={accept.isPending} data-testid="invite-accept">
                {t('invite.accept')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </AuthLayout>
  );
}
