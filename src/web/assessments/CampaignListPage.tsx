import { Anchor, Button, Group, Modal, NumberInput, Pagination, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { catalogsApi } from '../catalogs/api.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { hasRole } from '../shell/nav-types.ts';
import { formatDateTime } from '../lib/datetime.ts';
import { fieldErrors } from '../lib/problem.ts';
import { useSession } from '../platform/api.ts';
import { type CampaignSummary, PAGE_SIZE, assessmentsApi, keys } from './api.ts';
import { CampaignStatusBadge, CompletionBar, currentFiscalYear, useMembers } from './shared.tsx';

/** 自己点検: campaigns by fiscal year, with status and the share submitted. */
export function CampaignListPage() {
  const { t } = useTranslation();
  const session = useSession();
  const manager = hasRole(session, 'admin', 'ciso');
  const [params, setParams] = useSearchParams();
  const fy = params.get('fy') ? Number(params.get('fy')) : undefined;
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: keys.campaigns(fy), queryFn: () => assessmentsApi.campaigns(fy) });
  const thisYear = currentFiscalYear();
  const years = Array.from({ length: 6 }, (_, i) => thisYear + 1 - i);
  const items = list.data?.items ?? [];
  const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  const shown = items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);

  return (
    <Stack>
      <PageHeader
        title={t('assessments.list.title')}
        lead={t('assessments.list.lead')}
        actions={manager ? <Button onClick={() => setCreating(true)} data-testid="campaign-create">{t('assessments.list.create')}</Button> : null}
      />
      <Group>
        <Select
          label={t('assessments.list.fiscalYear')}
          data={[{ value: '', label: t('assessments.list.allYears') }, ...years.map((y) => ({ value: String(y), label: t('assessments.list.fy', { year: y }) }))]}
          value={fy ? String(fy) : ''}
          onChange={(v) => {
            setPage(1);
            setParams(v ? { fy: v } : {});
          }}
          allowDeselect={false}
          w={200}
          data-testid="fy-filter"
        />
      </Group>
      {list.isPending ? <Loading /> : null}
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && items.length === 0 ? (
        <EmptyState
          message={manager && !fy ? t('assessments.list.emptyManager') : t('assessments.list.empty')}
          action={manager ? <Button variant="light" onClick={() => setCreating(true)}>{t('assessments.list.create')}</Button> : undefined}
        />
      ) : null}
      {shown.length > 0 ? (
        <Table striped highlightOnHover withTableBorder bg="white" data-testid="campaigns-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('assessments.list.colTitle')}</Table.Th>
              <Table.Th>{t('assessments.list.fiscalYear')}</Table.Th>
              <Table.Th>{t('assessments.list.colStatus')}</Table.Th>
              <Table.Th>{t('assessments.list.colDeadline')}</Table.Th>
              <Table.Th>{t('assessments.list.colOwner')}</Table.Th>
              <Table.Th w={200}>{t('assessments.list.colProgress')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((c) => <CampaignRow key={c.id} c={c} />)}
          </Table.Tbody>
        </Table>
      ) : null}
      {pages > 1 ? <Pagination total={pages} value={page} onChange={setPage} style={{ alignSelf: 'center' }} /> : null}
      {creating ? <CreateCampaignModal onClose={() => setCreating(false)} /> : null}
    </Stack>
  );
}

function CampaignRow({ c }: { c: CampaignSummary }) {
  const { t } = useTranslation();
  const session = useSession();
  // Progress is for reviewers; others simply do not get a bar.
  const mayReview = hasRole(session, 'admin', 'ciso') || c.owner.id === session.user.id;
  const progress = useQuery({ queryKey: keys.part(c.id, 'progress'), queryFn: () => assessmentsApi.progress(c.id), enabled: mayReview && c.status !== 'draft', retry: false });
  return (
    <Table.Tr data-testid="campaign-row" data-id={c.id}>
      <Table.Td><Anchor component={Link} to={`/assessments/campaigns/${c.id}`} size="sm" fw={500}>{c.title}</Anchor></Table.Td>
      <Table.Td><Text size="sm">{t('assessments.list.fy', { year: c.fiscalYear })}</Text></Table.Td>
      <Table.Td><CampaignStatusBadge status={c.status} /></Table.Td>
      <Table.Td><Text size="sm">{formatDateTime(c.deadline)}</Text></Table.Td>
      <Table.Td><Text size="sm">{c.owner.name ?? '—'}</Text></Table.Td>
      <Table.Td>{progress.data ? <CompletionBar completion={progress.data.total.completion} /> : <Text size="sm" c="dimmed">{t('assessments.list.progressHidden')}</Text>}</Table.Td>
    </Table.Tr>
  );
}

function CreateCampaignModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const session = useSession();
  const fy = currentFiscalYear();
  const [title, setTitle] = useState(`${fy}年度 情報セキュリティ自己点検`);
  const [fiscalYear, setFiscalYear] = useState<number>(fy);
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [deadline, setDeadline] = useState(`${fy + 1}-01-31`);
  const [ownerId, setOwnerId] = useState<string | null>(session.user.id);
  const templates = useQuery({ queryKey: ['catalogs', 'checklists'], queryFn: catalogsApi.checklists });
  const members = useMembers(true);
  const create = useMutation({
    mutationFn: () => assessmentsApi.create({ title, fiscalYear, templateId: templateId ?? '', deadline, ownerId: ownerId ?? '' }),
    onSuccess: (res) => {
      notifications.show({ message: t('assessments.create.created', { count: res.items }), color: 'teal' });
      void qc.invalidateQueries({ queryKey: keys.all });
      navigate(`/assessments/campaigns/${res.id}?tab=setup`);
    },
  });
  const errors = fieldErrors(create.error);
  return (
    <Modal opened onClose={onClose} title={t('assessments.create.title')} size="lg">
      <form onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
        <Stack>
          <Text size="sm" c="dimmed">{t('assessments.create.lead')}</Text>
          <TextInput label={t('assessments.create.name')} placeholder={t('assessments.create.namePlaceholder')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required error={errors.title} data-testid="campaign-title" />
          <Group grow>
            <NumberInput label={t('assessments.create.fiscalYear')} value={fiscalYear} onChange={(v) => setFiscalYear(Number(v))} min={2000} max={2100} required error={errors.fiscalYear} />
            <TextInput type="date" label={t('assessments.create.deadline')} value={deadline} onChange={(e) => setDeadline(e.currentTarget.value)} required error={errors.deadline} data-testid="campaign-deadline" />
          </Group>
          <Select
            label={t('assessments.create.template')}
            data={(templates.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.title}（${t('assessments.create.templateItems', { count: c.items })}）` }))}
            value={templateId} onChange={setTemplateId} required searchable error={errors.templateId}
            nothingFoundMessage={t('assessments.create.templateEmpty')}
            data-testid="campaign-template"
          />
          {templates.data && templates.data.items.length === 0 ? <Text size="sm" c="orange.8">{t('assessments.create.templateEmpty')}</Text> : null}
          <Select
            label={t('assessments.create.owner')}
            data={(members.data?.items ?? []).map((m) => ({ value: m.id, label: m.displayName }))}
            value={ownerId} onChange={setOwnerId} required searchable error={errors.ownerId}
            data-testid="campaign-owner"
          />
          <ErrorAlert error={create.error} fields={['title', 'fiscalYear', 'deadline', 'templateId', 'ownerId']} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={create.isPending} disabled={!templateId || !ownerId} data-testid="campaign-create-submit">{t('assessments.create.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
