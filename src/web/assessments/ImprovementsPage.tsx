import { Anchor, Button, Group, Modal, Pagination, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { IMPROVEMENT_STATES, type Improvement, type ImprovementState, PAGE_SIZE, assessmentsApi, keys } from './api.ts';
import { ImprovementStatusBadge } from './shared.tsx';

/** 改善項目: every item the person may see (managers: the institution's). */
export function ImprovementsPage() {
  const { t } = useTranslation();
  return (
    <Stack>
      <PageHeader title={t('assessments.improvements.title')} lead={t('assessments.improvements.lead')} />
      <ImprovementList />
    </Stack>
  );
}

/** The list with a status filter; within a campaign (tab) or across campaigns (page). */
export function ImprovementList({ campaignId }: { campaignId?: string }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<ImprovementState | ''>('');
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<Improvement | null>(null);
  const filter = { ...(campaignId ? { campaignId } : {}), ...(status ? { status } : {}) };
  const list = useQuery({ queryKey: keys.improvements(filter), queryFn: () => assessmentsApi.improvements(filter) });
  const items = list.data?.items ?? [];
  const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  return (
    <Stack>
      <Select
        label={t('assessments.improvements.filterStatus')} w={200} allowDeselect={false}
        data={[{ value: '', label: t('common.all') }, ...IMPROVEMENT_STATES.map((s) => ({ value: s, label: t(`assessments.improvementStatus.${s}`) }))]}
        value={status} onChange={(v) => { setStatus((v ?? '') as ImprovementState | ''); setPage(1); }}
      />
      {list.isPending ? <Loading /> : null}
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && items.length === 0 ? <EmptyState message={t('assessments.improvements.empty')} /> : null}
      {items.length > 0 ? (
        <Table withTableBorder striped bg="white" data-testid="improvements-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('assessments.improvements.colTitle')}</Table.Th>
              <Table.Th w={110}>{t('assessments.improvements.item')}</Table.Th>
              {campaignId ? null : <Table.Th>{t('assessments.improvements.campaign')}</Table.Th>}
              <Table.Th w={150}>{t('assessments.improvements.owner')}</Table.Th>
              <Table.Th w={120}>{t('assessments.improvements.due')}</Table.Th>
              <Table.Th w={110}>{t('assessments.improvements.status')}</Table.Th>
              <Table.Th w={120}>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((i) => (
              <Table.Tr key={i.id} data-testid="improvement-row">
                <Table.Td>
                  <Text size="sm" fw={500}>{i.title}</Text>
                  {i.statusNote ? <Text size="xs" c="dimmed">{i.statusNote}</Text> : null}
                </Table.Td>
                <Table.Td><Text size="sm">{i.citation}</Text></Table.Td>
                {campaignId ? null : <Table.Td><Anchor component={Link} to={`/assessments/campaigns/${i.campaignId}`} size="sm">{i.campaignTitle}</Anchor></Table.Td>}
                <Table.Td><Text size="sm">{i.owner.name ?? '—'}</Text></Table.Td>
                <Table.Td><Text size="sm" c={i.overdue ? 'red.8' : undefined} fw={i.overdue ? 600 : undefined}>{i.dueDate.replace(/-/g, '/')}{i.overdue ? ` ${t('assessments.improvements.overdue')}` : ''}</Text></Table.Td>
                <Table.Td><ImprovementStatusBadge status={i.status} /></Table.Td>
                <Table.Td>
                  {i.status === 'open' || i.status === 'in_progress' ? (
                    <Button size="xs" variant="default" onClick={() => setEditing(i)} data-testid="improvement-change">{t('assessments.improvements.change')}</Button>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      {pages > 1 ? <Pagination total={pages} value={page} onChange={setPage} style={{ alignSelf: 'center' }} /> : null}
      {editing ? <StatusModal item={editing} onClose={() => setEditing(null)} /> : null}
    </Stack>
  );
}

function StatusModal({ item, onClose }: { item: Improvement; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [status, setStatus] = useState<ImprovementState>(item.status === 'open' ? 'in_progress' : 'done');
  const [note, setNote] = useState(item.statusNote ?? '');
  const save = useMutation({
    mutationFn: () => assessmentsApi.updateImprovement(item.id, { status, note }),
    onSuccess: () => {
      notifications.show({ message: t('assessments.improvements.changed'), color: 'teal' });
      void qc.invalidateQueries({ queryKey: ['assessments', 'improvements'] });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`${t('assessments.improvements.change')}: ${item.title}`}>
      <form onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        <Stack>
          <Select label={t('assessments.improvements.status')} allowDeselect={false} value={status} onChange={(v) => v && setStatus(v as ImprovementState)}
            data={IMPROVEMENT_STATES.map((s) => ({ value: s, label: t(`assessments.improvementStatus.${s}`) }))} data-testid="improvement-status-select" />
          <TextInput label={t('assessments.improvements.note')} placeholder={t('assessments.improvements.notePlaceholder')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <ErrorAlert error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={save.isPending} data-testid="improvement-status-save">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
