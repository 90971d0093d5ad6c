import { Button, Group, Pagination, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ROLES } from '../../common/roles.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { useInstitutionName } from '../lib/institution.ts';
import { useSession } from '../platform/api.ts';
import { type Member, institutionsApi, membersApi } from './api.ts';
import { InviteDialog } from './InviteDialog.tsx';
import { MembersTable, type MemberAction } from './MembersTable.tsx';
import { PendingInvitations } from './PendingInvitations.tsx';
import { canGrantConsortiumRoles, canManageMembers } from './permissions.ts';
import { RolesDialog } from './RolesDialog.tsx';
import { useMemberActions } from './useMemberActions.tsx';

const PAGE_SIZE = 20;

export function MembersPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const session = useSession();
  const instName = useInstitutionName();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>('active');
  const [page, setPage] = useState(1);
  const [inviting, setInviting] = useState(false);
  const [editing, setEditing] = useState<Member | null>(null);
  const [search] = useDebouncedValue(q.trim(), 300);
  const actions = useMemberActions();
  const manage = canManageMembers(session, id);
  const consortium = canGrantConsortiumRoles(session);
  const institution = useQuery({ queryKey: ['institutions', id], queryFn: () => institutionsApi.get(id) });
  const filter = { q: search, role: role ?? '', status: status ?? '', page, pageSize: PAGE_SIZE };
  const members = useQuery({
    queryKey: ['members', id, filter],
    queryFn: () => membersApi.list(id, filter),
    placeholderData: keepPreviousData,
  });
  const onAction = (action: MemberAction, m: Member) => {
    if (action === 'roles') setEditing(m);
    else if (action === 'deactivate') actions.askDeactivate(m);
    else if (action === 'reactivate') actions.reactivate(m.id);
    else actions.unlock(m.id);
  };
  const resetTo1 = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };
  const pages = members.data ? Math.max(1, Math.ceil(members.data.total / members.data.pageSize)) : 1;
  return (
    <Stack>
      <PageHeader
        title={t('members.title')}
        lead={institution.data ? t('members.lead', { institution: instName(institution.data) }) : undefined}
        actions={manage ? <Button onClick={() => setInviting(true)} data-testid="invite-open">{t('members.invite')}</Button> : undefined}
      />
      <Group align="flex-end" wrap="wrap">
        <TextInput placeholder={t('members.searchPlaceholder')} aria-label={t('common.search')} value={q} w={280}
          onChange={(e) => resetTo1(setQ)(e.currentTarget.value)} data-testid="members-search" />
        <Select placeholder={t('members.role')} aria-label={t('members.role')} clearable value={role} onChange={resetTo1(setRole)} w={220}
          data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        <Select placeholder={t('members.status')} aria-label={t('members.status')} clearable value={status} onChange={resetTo1(setStatus)} w={160}
          data={[{ value: 'active', label: t('members.active') }, { value: 'deactivated', label: t('members.deactivated') }]} />
        {members.data ? <Text size="sm" c="dimmed">{t('common.total', { count: members.data.total })}</Text> : null}
      </Group>
      {members.isPending ? <Loading /> : null}
      {members.isError ? <LoadError error={members.error} onRetry={() => void members.refetch()} /> : null}
      {members.data && members.data.items.length === 0 ? <EmptyState message={t('members.empty')} /> : null}
      {members.data && members.data.items.length > 0 ? (
        <MembersTable members={members.data.items} canManage={manage} selfId={session.user.id} onAction={onAction} />
      ) : null}
      {pages > 1 ? <Pagination total={pages} value={page} onChange={setPage} /> : null}
      {manage ? <PendingInvitations institutionId={id} /> : null}
      <InviteDialog institutionId={id} opened={inviting} consortiumRoles={consortium} onClose={() => setInviting(false)} />
      <RolesDialog member={editing} consortiumRoles={consortium} onClose={() => setEditing(null)} />
      {actions.modal}
    </Stack>
  );
}
