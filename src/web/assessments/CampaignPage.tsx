import { Button, Group, Modal, Paper, Select, SimpleGrid, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ConfirmModal } from '../components/ConfirmModal.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { LoadError, Loading } from '../components/States.tsx';
import { formatDateTime } from '../lib/datetime.ts';
import { fieldErrors } from '../lib/problem.ts';
import { type Campaign, assessmentsApi, keys, reportUrl } from './api.ts';
import { ImprovementList } from './ImprovementsPage.tsx';
import { MyAnswersTab } from './MyAnswersTab.tsx';
import { ProgressTab } from './ProgressTab.tsx';
import { ResultsTab } from './ResultsTab.tsx';
import { ReviewTab } from './ReviewTab.tsx';
import { SetupTab } from './SetupTab.tsx';
import { CampaignStatusBadge, useMembers } from './shared.tsx';

type Tab = 'setup' | 'mine' | 'review' | 'progress' | 'results' | 'improvements';

/** One campaign: its facts and actions, then tabs for each role (respondent, reviewer, manager). */
export function CampaignPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const qc = useQueryClient();
  const [confirm, setConfirm] = useState<'open' | 'close' | null>(null);
  const [editing, setEditing] = useState(false);
  const campaign = useQuery({ queryKey: keys.campaign(id), queryFn: () => assessmentsApi.campaign(id) });
  const move = useMutation({
    mutationFn: (to: 'open' | 'close') => (to === 'open' ? assessmentsApi.open(id) : assessmentsApi.close(id)),
    onSuccess: (_, to) => {
      notifications.show({ message: t(to === 'open' ? 'assessments.detail.opened2' : 'assessments.detail.closedDone'), color: 'teal' });
      setConfirm(null);
      void qc.invalidateQueries({ queryKey: keys.all });
    },
  });
  if (campaign.isPending) return <Loading />;
  if (campaign.isError) return <LoadError error={campaign.error} onRetry={() => void campaign.refetch()} />;
  const c = campaign.data;
  const { manage, review } = c.permissions;
  const tabs: Tab[] = [
    ...(review ? (['setup'] as const) : []),
    ...(c.status !== 'draft' ? (['mine'] as const) : []),
    ...(review ? (['review', 'progress', 'results', 'improvements'] as const) : []),
  ];
  const requested = params.get('tab') as Tab | null;
  const tab: Tab = requested && tabs.includes(requested) ? requested : (tabs.includes('mine') && !review ? 'mine' : (tabs[0] ?? 'mine'));

  return (
    <Stack>
      <PageHeader
        title={c.title}
        lead={<Group gap="xs" component="span"><CampaignStatusBadge status={c.status} /><Text span size="sm" c="dimmed">{t('assessments.list.fy', { year: c.fiscalYear })}</Text></Group>}
        actions={
          <>
            <Button component={Link} to="/assessments" variant="default">{t('assessments.detail.back')}</Button>
            {review ? (
              <>
                <Button component="a" href={reportUrl(c.id, 'pdf')} variant="light" download data-testid="report-pdf">{t('assessments.detail.reportPdf')}</Button>
                <Button component="a" href={reportUrl(c.id, 'xlsx')} variant="light" download data-testid="report-xlsx">{t('assessments.detail.reportXlsx')}</Button>
              </>
            ) : null}
            {manage && c.status !== 'closed' ? <Button variant="default" onClick={() => setEditing(true)} data-testid="campaign-edit">{t('common.edit')}</Button> : null}
            {manage && c.status === 'draft' ? <Button onClick={() => setConfirm('open')} data-testid="campaign-open">{t('assessments.detail.open')}</Button> : null}
            {manage && c.status === 'open' ? <Button color="dark" variant="outline" onClick={() => setConfirm('close')} data-testid="campaign-close">{t('assessments.detail.close')}</Button> : null}
          </>
        }
      />
      <Paper withBorder p="md" radius="md">
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Fact label={t('assessments.detail.deadline')} value={`${formatDateTime(c.deadline)}`} testId="campaign-deadline-value" />
          <Fact label={t('assessments.detail.owner')} value={c.owner.name ?? '—'} />
          <Fact label={t('assessments.detail.items')} value={String(c.items)} />
          <Fact label={c.closedAt ? t('assessments.detail.closed') : t('assessments.detail.opened')} value={formatDateTime(c.closedAt ?? c.openedAt) || '—'} />
        </SimpleGrid>
      </Paper>
      <Tabs value={tab} onChange={(v) => v && setParams({ tab: v })} keepMounted={false}>
        <Tabs.List>
          {tabs.map((k) => <Tabs.Tab key={k} value={k} data-testid={`tab-${k}`}>{t(`assessments.detail.tabs.${k}`)}</Tabs.Tab>)}
        </Tabs.List>
        <Tabs.Panel value="setup" pt="md"><SetupTab campaign={c} /></Tabs.Panel>
        <Tabs.Panel value="mine" pt="md"><MyAnswersTab campaign={c} /></Tabs.Panel>
        <Tabs.Panel value="review" pt="md"><ReviewTab campaign={c} /></Tabs.Panel>
        <Tabs.Panel value="progress" pt="md"><ProgressTab campaign={c} /></Tabs.Panel>
        <Tabs.Panel value="results" pt="md"><ResultsTab campaign={c} /></Tabs.Panel>
        <Tabs.Panel value="improvements" pt="md"><ImprovementList campaignId={c.id} /></Tabs.Panel>
      </Tabs>
      {editing ? <EditCampaignModal campaign={c} onClose={() => setEditing(false)} /> : null}
      <ConfirmModal
        opened={confirm !== null}
        title={t(confirm === 'close' ? 'assessments.detail.close' : 'assessments.detail.open')}
        message={t(confirm === 'close' ? 'assessments.detail.closeConfirm' : 'assessments.detail.openConfirm')}
        confirmLabel={t(confirm === 'close' ? 'assessments.detail.close' : 'assessments.detail.open')}
        loading={move.isPending}
        error={move.error}
        onConfirm={() => confirm && move.mutate(confirm)}
        onClose={() => { setConfirm(null); move.reset(); }}
      />
    </Stack>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" fw={500} data-testid={testId}>{value}</Text>
    </Stack>
  );
}

/** Title, deadline (a JST day, until 23:59) and the responsible person, until the campaign closes. */
function EditCampaignModal({ campaign, onClose }: { campaign: Campaign; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const members = useMembers(true);
  const [title, setTitle] = useState(campaign.title);
  const [deadline, setDeadline] = useState(formatDateTime(campaign.deadline).slice(0, 10).replace(/\//g, '-'));
  const [ownerId, setOwnerId] = useState<string | null>(campaign.owner.id);
  const save = useMutation({
    mutationFn: () => assessmentsApi.update(campaign.id, { title, deadline, ...(ownerId ? { ownerId } : {}) }),
    onSuccess: () => {
      notifications.show({ message: t('common.saved'), color: 'teal' });
      void qc.invalidateQueries({ queryKey: keys.all });
      onClose();
    },
  });
  const errors = fieldErrors(save.error);
  return (
    <Modal opened onClose={onClose} title={t('common.edit')} size="lg">
      <form onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        <Stack>
          <TextInput label={t('assessments.create.name')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required error={errors.title} />
          <TextInput type="date" label={t('assessments.create.deadline')} value={deadline} onChange={(e) => setDeadline(e.currentTarget.value)} required error={errors.deadline} data-testid="edit-deadline" />
          <Select label={t('assessments.create.owner')} data={(members.data?.items ?? []).map((m) => ({ value: m.id, label: m.displayName }))} value={ownerId} onChange={setOwnerId} searchable error={errors.ownerId} />
          <ErrorAlert error={save.error} fields={['title', 'deadline', 'ownerId']} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={save.isPending} data-testid="edit-save">{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
