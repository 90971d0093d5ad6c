import { Button, Center, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { useSession } from '../platform/api.ts';
import { type AuditFilter, EMPTY_FILTER, auditApi } from './api.ts';
import { AuditFilters } from './AuditFilters.tsx';
import { AuditTable } from './AuditTable.tsx';

/** The hash-chained audit log: filters, newest first, "もっと見る" by sequence number, CSV export. */
export function AuditLogPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [filter, setFilter] = useState<AuditFilter>(EMPTY_FILTER);
  const log = useInfiniteQuery({
    queryKey: ['audit', filter],
    queryFn: ({ pageParam }) => auditApi.page(filter, pageParam),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBeforeSeq ?? undefined,
  });
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      <PageHeader
        title={t('audit.title')}
        lead={t('audit.lead')}
        actions={
          <Button component="a" href={auditApi.csvUrl(filter)} download variant="default" data-testid="audit-csv">
            {t('audit.exportCsv')}
          </Button>
        }
      />
      <AuditFilters value={filter} onApply={setFilter} allInstitutions={session.permissions.readAuditAll} />
      {log.isPending ? <Loading /> : null}
      {log.isError ? <LoadError error={log.error} onRetry={() => void log.refetch()} /> : null}
      {log.isSuccess && items.length === 0 ? <EmptyState message={t('audit.empty')} /> : null}
      {items.length > 0 ? <AuditTable items={items} onActor={(actorUserId) => setFilter({ ...filter, actorUserId })} /> : null}
      {log.isSuccess && items.length > 0 ? (
        <Center>
          {log.hasNextPage ? (
            <Button variant="light" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage} data-testid="audit-more">
              {t('common.showMore')}
            </Button>
          ) : (
            <Text size="sm" c="dimmed">{t('common.noMore')}</Text>
          )}
        </Center>
      ) : null}
    </Stack>
  );
}
