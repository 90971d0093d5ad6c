import { Button, Group, Pagination, Stack, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { useInstitutionName } from '../lib/institution.ts';
import { useSession } from '../platform/api.ts';
import { AlertFilters, useAlertFilter } from './AlertFilters.tsx';
import { AlertTable } from './AlertTable.tsx';
import { INSTITUTION_STATUSES, STATUSES, flowsApi } from './api.ts';
import { ImportLogsDialog } from './ImportLogsDialog.tsx';
import { canImportLogs, canReviewAlerts, canSeeAlerts } from './permissions.ts';
import { RequireFlows } from './shared.tsx';

type Mode = 'review' | 'all' | 'own';

/** One list of alerts: the filters, the table, an empty state and pages. */
function AlertList({ mode }: { mode: Mode }) {
  const { t } = useTranslation();
  const session = useSession();
  const instName = useInstitutionName();
  const f = useAlertFilter();
  const list = useQuery({
    queryKey: ['flows', mode === 'review' ? 'review' : 'alerts', f.filter],
    queryFn: () => (mode === 'review' ? flowsApi.review(f.filter) : flowsApi.alerts(f.filter)),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const title = mode === 'review' ? t('flows.review.title') : mode === 'all' ? t('flows.alerts.title') : t('flows.alerts.ownTitle');
  const lead = mode === 'review' ? t('flows.review.lead') : mode === 'all' ? t('flows.alerts.lead') : t('flows.alerts.ownLead', { institution: instName(session.institution) });
  const empty = f.filtered
    ? t(mode === 'review' ? 'flows.review.emptyFiltered' : 'flows.alerts.emptyFiltered')
    : t(mode === 'review' ? 'flows.review.empty' : mode === 'all' ? 'flows.alerts.empty' : 'flows.alerts.emptyOwn');
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;
  const [importing, setImporting] = useState(false);
  const importButton = mode !== 'review' && canImportLogs(session)
    ? <Button variant="light" onClick={() => setImporting(true)} data-testid="import-logs">{t('flows.importLogs.open')}</Button>
    : undefined;
  return (
    <Stack>
      <PageHeader title={title} lead={lead} actions={importButton} />
      {importButton ? <ImportLogsDialog opened={importing} onClose={() => setImporting(false)} /> : null}
      <AlertFilters f={f} institutions={mode !== 'own'} statuses={mode === 'review' ? undefined : mode === 'all' ? STATUSES : INSTITUTION_STATUSES} />
      {list.data ? <Text size="sm" c="dimmed" data-testid="alerts-total">{t('common.total', { count: list.data.total })}</Text> : null}
      {list.isPending ? <Loading /> : null}
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && list.data.items.length === 0 ? <EmptyState message={empty} /> : null}
      {list.data && list.data.items.length > 0 ? <AlertTable alerts={list.data.items} mode={mode} /> : null}
      {pages > 1 ? (
        <Group justify="center">
          <Pagination total={pages} value={f.filter.page} onChange={(p) => f.set('page', p > 1 ? String(p) : null)} data-testid="alerts-pagination" />
        </Group>
      ) : null}
    </Stack>
  );
}

/** 確認待ちキュー: the operator's alerts in review. */
export function ReviewQueuePage() {
  return <RequireFlows allow={canReviewAlerts}><AlertList mode="review" /></RequireFlows>;
}

/** All alerts for the operator; the institution's own sent alerts for a member. */
export function AlertsPage() {
  const session = useSession();
  return <RequireFlows allow={canSeeAlerts}><AlertList mode={canReviewAlerts(session) ? 'all' : 'own'} /></RequireFlows>;
}
