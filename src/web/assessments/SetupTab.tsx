import { ActionIcon, Badge, Button, Group, Pagination, Paper, SegmentedControl, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INSTITUTION_ROLES, type InstitutionRole } from '../../common/roles.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { fieldErrors } from '../lib/problem.ts';
import { type Campaign, PAGE_SIZE, assessmentsApi, keys } from './api.ts';
import { useMembers } from './shared.tsx';

/** The scope (items copied from the template) and who answers each; managers assign by citation prefix. */
export function SetupTab({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [page, setPage] = useState(1);
  const items = useQuery({ queryKey: keys.part(campaign.id, 'items'), queryFn: () => assessmentsApi.items(campaign.id) });
  const assignments = useQuery({ queryKey: keys.part(campaign.id, 'assignments'), queryFn: () => assessmentsApi.assignments(campaign.id) });
  const editable = campaign.permissions.manage && campaign.status !== 'closed';
  const unassign = useMutation({
    mutationFn: (assignmentId: string) => assessmentsApi.unassign(campaign.id, assignmentId),
    onSuccess: () => {
      notifications.show({ message: t('assessments.setup.removed'), color: 'teal' });
      void qc.invalidateQueries({ queryKey: keys.campaign(campaign.id) });
    },
  });
  if (items.isPending || assignments.isPending) return <Loading />;
  if (items.isError) return <LoadError error={items.error} onRetry={() => void items.refetch()} />;
  if (assignments.isError) return <LoadError error={assignments.error} onRetry={() => void assignments.refetch()} />;
  const byItem = new Map<string, typeof assignments.data.items>();
  for (const a of assignments.data.items) byItem.set(a.itemId, [...(byItem.get(a.itemId) ?? []), a]);
  const all = items.data.items;
  const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  const shown = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);

  return (
    <Stack>
      <Text size="sm" c="dimmed">{t('assessments.setup.lead')}</Text>
      {editable ? <AssignForm campaign={campaign} /> : <Text size="sm" c="dimmed">{t('assessments.setup.readOnly')}</Text>}
      <ErrorAlert error={unassign.error} />
      {all.length === 0 ? <EmptyState message={t('assessments.mine.empty')} /> : (
        <Table withTableBorder striped bg="white" verticalSpacing="xs" data-testid="setup-items">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={110}>{t('assessments.setup.citation')}</Table.Th>
              <Table.Th>{t('assessments.setup.heading')}</Table.Th>
              <Table.Th w={320}>{t('assessments.setup.assignees')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((i) => (
              <Table.Tr key={i.id} data-testid="setup-item" data-citation={i.citation}>
                <Table.Td><Text size="sm" fw={500}>{i.citation}</Text></Table.Td>
                <Table.Td>
                  {i.heading ? <Text size="sm" fw={500}>{i.heading}</Text> : null}
                  <Text size="sm" lineClamp={2}>{i.text}</Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={6}>
                    {(byItem.get(i.id) ?? []).map((a) => (
                      <Badge key={a.id} variant="light" color={a.role ? 'grape' : 'blue'} data-testid="assignee"
                        rightSection={editable ? (
                          <Tooltip label={t('assessments.setup.remove')}>
                            <ActionIcon size="xs" variant="transparent" color="gray" onClick={() => unassign.mutate(a.id)} aria-label={t('assessments.setup.remove')}>×</ActionIcon>
                          </Tooltip>
                        ) : undefined}>
                        {a.role ? t(`roles.${a.role}`) : (a.userName ?? '—')}{a.department ? `（${a.department}）` : ''}
                      </Badge>
                    ))}
                    {(byItem.get(i.id) ?? []).length === 0 ? <Text size="sm" c="orange.8">{t('assessments.setup.unassigned')}</Text> : null}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {pages > 1 ? <Pagination total={pages} value={page} onChange={setPage} style={{ alignSelf: 'center' }} /> : null}
    </Stack>
  );
}

function AssignForm({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [scope, setScope] = useState<'prefix' | 'all'>('prefix');
  const [prefix, setPrefix] = useState('');
  const [to, setTo] = useState<'user' | 'role'>('user');
  const [userId, setUserId] = useState<string | null>(null);
  const [role, setRole] = useState<string | null>(null);
  const [department, setDepartment] = useState('');
  const members = useMembers(true);
  const assign = useMutation({
    mutationFn: () => assessmentsApi.assign(campaign.id, {
      ...(scope === 'all' ? { all: true } : { citationPrefix: prefix.trim() }),
      ...(to === 'user' ? { userId: userId ?? '' } : { role: (role ?? '') as InstitutionRole }),
      ...(department.trim() ? { department: department.trim() } : {}),
    }),
    onSuccess: (res) => {
      notifications.show({ message: t('assessments.setup.assigned', { added: res.added, already: res.alreadyAssigned }), color: 'teal' });
      setPrefix('');
      void qc.invalidateQueries({ queryKey: keys.campaign(campaign.id) });
    },
  });
  const errors = fieldErrors(assign.error);
  const ready = (scope === 'all' || prefix.trim()) && (to === 'user' ? userId : role);
  return (
    <Paper withBorder p="md" radius="md" data-testid="assign-form">
      <form onSubmit={(e) => { e.preventDefault(); assign.mutate(); }}>
        <Stack gap="sm">
          <Group align="flex-end" wrap="wrap">
            <Stack gap={4}>
              <Text size="sm" fw={500}>{t('assessments.setup.scope')}</Text>
              <SegmentedControl value={scope} onChange={(v) => setScope(v as 'prefix' | 'all')} data={[{ value: 'prefix', label: t('assessments.setup.byPrefix') }, { value: 'all', label: t('assessments.setup.all') }]} />
            </Stack>
            {scope === 'prefix' ? (
              <TextInput label={t('assessments.setup.prefix')} placeholder={t('assessments.setup.prefixPlaceholder')} value={prefix} onChange={(e) => setPrefix(e.currentTarget.value)} error={errors.citationPrefix} w={160} data-testid="assign-prefix" />
            ) : null}
            <Stack gap={4}>
              <Text size="sm" fw={500}>{t('assessments.setup.to')}</Text>
              <SegmentedControl value={to} onChange={(v) => setTo(v as 'user' | 'role')} data={[{ value: 'user', label: t('assessments.setup.toUser') }, { value: 'role', label: t('assessments.setup.toRole') }]} data-testid="assign-to" />
            </Stack>
            {to === 'user' ? (
              <Select label={t('assessments.setup.person')} placeholder={t('assessments.setup.memberSearch')} searchable w={220} value={userId} onChange={setUserId}
                data={(members.data?.items ?? []).map((m) => ({ value: m.id, label: m.displayName }))} error={errors.userId} data-testid="assign-user" />
            ) : (
              <Select label={t('assessments.setup.role')} w={220} value={role} onChange={setRole}
                data={INSTITUTION_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} error={errors.role} data-testid="assign-role" />
            )}
            <TextInput label={t('assessments.setup.department')} placeholder={t('assessments.setup.departmentPlaceholder')} value={department} onChange={(e) => setDepartment(e.currentTarget.value)} w={200} data-testid="assign-department" />
            <Button type="submit" loading={assign.isPending} disabled={!ready} data-testid="assign-submit">{t('assessments.setup.assign')}</Button>
          </Group>
          <ErrorAlert error={assign.error} fields={['citationPrefix', 'userId', 'role']} />
        </Stack>
      </form>
    </Paper>
  );
}
