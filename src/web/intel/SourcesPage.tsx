import { Anchor, Badge, Button, Group, Stack, Switch, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { formatDateTime } from '../lib/datetime.ts';
import { type Source, intelApi } from './api.ts';
import { TlpBadge, useCategoryLabel, useFormatLabel } from './Badges.tsx';
import { ImportDialog } from './ImportDialog.tsx';
import { RequireIntel } from './RequireIntel.tsx';
import { SourceDialog } from './SourceDialog.tsx';

function SourcesView() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const categoryLabel = useCategoryLabel();
  const formatLabel = useFormatLabel();
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState<Source | null>(null);
  const list = useQuery({ queryKey: ['intel', 'sources'], queryFn: intelApi.sources });
  const toggle = useMutation({
    mutationFn: (v: { source: Source; enabled: boolean }) => intelApi.setEnabled(v.source.id, v.enabled),
    onSuccess: async (_, v) => {
      notifications.show({ color: v.enabled ? 'teal' : 'gray', message: t(v.enabled ? 'intel.sources.enabledDone' : 'intel.sources.disabledDone', { name: v.source.name }) });
      await qc.invalidateQueries({ queryKey: ['intel'] });
    },
  });
  const addButton = <Button onClick={() => setAdding(true)} data-testid="source-add">{t('intel.sources.add')}</Button>;

  const row = (s: Source) => {
    const pending = toggle.isPending && toggle.variables?.source.id === s.id;
    return (
      <Table.Tr key={s.id} data-testid="source-row" data-name={s.name} style={{ opacity: s.disabledAt ? 0.65 : 1 }}>
        <Table.Td miw={200}>
          <Text size="sm" fw={500}>{s.name}</Text>
          {s.note ? <Text size="xs" c="dimmed" lineClamp={2}>{s.note}</Text> : null}
        </Table.Td>
        <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatLabel(s.format)}</Text></Table.Td>
        <Table.Td>
          <Group gap={6}>
            {s.defaultCategory ? <Badge size="sm" variant="light" color="indigo" style={{ textTransform: 'none' }}>{categoryLabel(s.defaultCategory)}</Badge> : null}
            {s.defaultConfidence !== null ? <Text size="xs" c="dimmed">{t('intel.sources.confidence', { value: s.defaultConfidence })}</Text> : null}
            {s.defaultTlp ? <TlpBadge tlp={s.defaultTlp} /> : null}
            {!s.defaultCategory && s.defaultConfidence === null && !s.defaultTlp ? <Text size="xs" c="dimmed">{t('common.notSet')}</Text> : null}
          </Group>
        </Table.Td>
        <Table.Td ta="right">
          <Anchor component={Link} to={`/intel/indicators?source=${encodeURIComponent(s.id)}`} size="sm" data-testid="source-count">{s.indicators.toLocaleString()}</Anchor>
        </Table.Td>
        <Table.Td>
          <Text size="sm" c={s.lastImportAt ? undefined : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>{s.lastImportAt ? formatDateTime(s.lastImportAt) : t('intel.sources.never')}</Text>
        </Table.Td>
        <Table.Td>
          <Switch checked={!s.disabledAt} disabled={pending} aria-label={t('intel.sources.toggleLabel', { name: s.name })}
            label={!s.disabledAt ? t('intel.sources.enabled') : t('intel.sources.disabled')}
            styles={{ label: { whiteSpace: 'nowrap' } }} onChange={(e) => toggle.mutate({ source: s, enabled: e.currentTarget.checked })} data-testid="source-enabled" />
        </Table.Td>
        <Table.Td>
          <Button size="xs" variant="light" onClick={() => setImporting(s)} data-testid="source-import">{t('intel.sources.import')}</Button>
        </Table.Td>
      </Table.Tr>
    );
  };

  return (
    <Stack>
      <PageHeader title={t('intel.sources.title')} lead={t('intel.sources.lead')} actions={addButton} />
      <ErrorAlert error={toggle.error} />
      {list.isPending ? <Loading /> : null}
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && list.data.items.length === 0 ? <EmptyState message={t('intel.sources.empty')} /> : null}
      {list.data && list.data.items.length > 0 ? (
        <Table.ScrollContainer minWidth={960}>
          <Table striped highlightOnHover withTableBorder bg="white" data-testid="sources-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('intel.sources.name')}</Table.Th>
                <Table.Th>{t('intel.sources.format')}</Table.Th>
                <Table.Th>{t('intel.sources.defaults')}</Table.Th>
                <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>{t('intel.sources.indicators')}</Table.Th>
                <Table.Th>{t('intel.sources.lastImport')}</Table.Th>
                <Table.Th>{t('intel.sources.state')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{list.data.items.map(row)}</Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      <SourceDialog opened={adding} onClose={() => setAdding(false)} />
      <ImportDialog source={importing} onClose={() => setImporting(null)} />
    </Stack>
  );
}

export function SourcesPage() {
  return <RequireIntel><SourcesView /></RequireIntel>;
}
