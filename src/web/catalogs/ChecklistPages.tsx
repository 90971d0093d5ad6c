import { Anchor, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { formatDate, formatDateTime } from '../lib/datetime.ts';
import { catalogsApi } from './api.ts';

/** チェックリスト一覧: templates made from regulations, newest first. */
export function ChecklistsPage() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['catalogs', 'checklists'], queryFn: catalogsApi.checklists });
  return (
    <Stack>
      <PageHeader title={t('catalogs.checklists.title')} lead={t('catalogs.checklists.lead')} />
      {list.isPending ? <Loading /> : null}
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && list.data.items.length === 0 ? (
        <EmptyState message={t('catalogs.checklists.empty')} action={<Button component={Link} to="/catalogs" variant="light">{t('catalogs.checklists.toList')}</Button>} />
      ) : null}
      {list.data && list.data.items.length > 0 ? (
        <Table striped highlightOnHover withTableBorder bg="white" data-testid="checklists-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('catalogs.checklists.colTitle')}</Table.Th>
              <Table.Th ta="right">{t('catalogs.checklists.items')}</Table.Th>
              <Table.Th>{t('catalogs.checklists.created')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((c) => (
              <Table.Tr key={c.id} data-testid="checklist-row">
                <Table.Td><Anchor component={Link} to={`/catalogs/checklists/${c.id}`} size="sm" fw={500}>{c.title}</Anchor></Table.Td>
                <Table.Td ta="right"><Text size="sm">{c.items}</Text></Table.Td>
                <Table.Td><Text size="sm">{formatDate(c.createdAt)}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </Stack>
  );
}

/** One checklist: its items with the citation and the clause text to check against. */
export function ChecklistPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const checklist = useQuery({ queryKey: ['catalogs', 'checklists', id], queryFn: () => catalogsApi.checklist(id) });
  const regulationId = checklist.data?.regulationId ?? null;
  const source = useQuery({
    queryKey: ['catalogs', 'detail', regulationId, 'current'],
    queryFn: () => catalogsApi.get(regulationId ?? ''),
    enabled: regulationId !== null,
    retry: false,
  });
  if (checklist.isPending) return <Loading />;
  if (checklist.isError) return <LoadError error={checklist.error} onRetry={() => void checklist.refetch()} />;
  const c = checklist.data;
  return (
    <Stack>
      <PageHeader
        title={c.title}
        lead={`${t('catalogs.checklists.count', { count: c.items.length })} ・ ${t('catalogs.checklists.created')} ${formatDateTime(c.createdAt)}`}
        actions={<Button component={Link} to="/catalogs/checklists" variant="default">{t('catalogs.checklists.back')}</Button>}
      />
      {regulationId ? (
        <Group gap="xs">
          <Text size="sm" c="dimmed">{t('catalogs.checklists.source')}:</Text>
          {source.data ? (
            <Anchor component={Link} to={`/catalogs/${regulationId}`} size="sm">{source.data.title}</Anchor>
          ) : source.isError ? (
            <Text size="sm" c="dimmed">{t('catalogs.checklists.sourceUnavailable')}</Text>
          ) : null}
        </Group>
      ) : null}
      <Table withTableBorder striped bg="white" verticalSpacing="sm" data-testid="checklist-items">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={48}>#</Table.Th>
            <Table.Th w={180}>{t('catalogs.checklists.citation')}</Table.Th>
            <Table.Th>{t('catalogs.checklists.text')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {c.items.map((item, i) => (
            <Table.Tr key={`${item.citation}-${i}`} data-testid="checklist-item">
              <Table.Td><Text size="sm" c="dimmed">{i + 1}</Text></Table.Td>
              <Table.Td>
                <Text size="sm" fw={700}>{item.citation}</Text>
                {item.heading ? <Text size="xs" c="dimmed">{item.heading}</Text> : null}
              </Table.Td>
              <Table.Td><Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{item.text}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
