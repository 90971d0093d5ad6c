import { Badge, Box, Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Section } from '../components/Section.tsx';
import { LoadError, Loading } from '../components/States.tsx';
import { formatDate } from '../lib/datetime.ts';
import { type DiffResult, type Segment, type VersionInfo, catalogsApi } from './api.ts';

/** Word-level changes: insertions underlined in green, deletions struck through in red. */
export function Segments({ segments }: { segments: readonly Segment[] }) {
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8 }} data-testid="diff-segments">
      {segments.map((s, i) =>
        s.op === 'eq' ? (
          <span key={i}>{s.text}</span>
        ) : s.op === 'ins' ? (
          <ins key={i} style={{ color: 'var(--mantine-color-green-9)', background: 'var(--mantine-color-green-0)', textDecoration: 'underline', textDecorationColor: 'var(--mantine-color-green-6)', textDecorationThickness: 2 }}>
            {s.text}
          </ins>
        ) : (
          <del key={i} style={{ color: 'var(--mantine-color-red-8)', background: 'var(--mantine-color-red-0)', textDecoration: 'line-through', textDecorationColor: 'var(--mantine-color-red-6)' }}>
            {s.text}
          </del>
        ),
      )}
    </Text>
  );
}

const TYPE_COLOR = { added: 'green', removed: 'red', changed: 'blue', moved: 'grape' } as const;

function Change({ change }: { change: DiffResult['changes'][number] }) {
  const { t } = useTranslation();
  const citation = change.type === 'added' ? change.to : change.type === 'removed' ? change.from : change.from === change.to ? change.to : t('catalogs.diff.movedFromTo', { from: change.from, to: change.to });
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="diff-change" data-type={change.type}>
      <Group gap="sm" mb={4}>
        <Badge color={TYPE_COLOR[change.type]} variant="light" size="sm">{t(`catalogs.diff.${change.type}`)}</Badge>
        <Text size="sm" fw={700}>{citation}</Text>
        {change.heading ? <Text size="sm" fw={600} c="dark.5">（{change.heading}）</Text> : null}
      </Group>
      {change.type === 'added' ? (
        <Segments segments={[{ op: 'ins', text: change.text }]} />
      ) : change.type === 'removed' ? (
        <Segments segments={[{ op: 'del', text: change.text }]} />
      ) : change.segments ? (
        <Segments segments={change.segments} />
      ) : null}
    </Paper>
  );
}

/** 第2版 令和8年改正（2026/04/01） */
export function useVersionOption() {
  const { t } = useTranslation();
  return (v: VersionInfo) => t('catalogs.detail.versionOption', { no: v.versionNo, label: v.label ? ` ${v.label}` : '', date: formatDate(v.importedAt) });
}

/** 版の比較: choose two versions (older first), see added / removed / changed / moved clauses. */
export function DiffPanel({ regulationId, versions, intro }: { regulationId: string; versions: VersionInfo[]; intro?: string }) {
  const { t } = useTranslation();
  const versionLabel = useVersionOption();
  // versions come newest first
  const [from, setFrom] = useState<string | null>(versions[1]?.id ?? null);
  const [to, setTo] = useState<string | null>(versions[0]?.id ?? null);
  const [asked, setAsked] = useState<{ from: string; to: string } | null>(from && to ? { from, to } : null);
  const diff = useQuery({
    queryKey: ['catalogs', regulationId, 'diff', asked?.from, asked?.to],
    queryFn: () => catalogsApi.diff(regulationId, asked!.from, asked!.to),
    enabled: asked !== null,
  });
  if (versions.length < 2) {
    return (
      <Section title={t('catalogs.diff.title')} testId="diff-panel">
        <Text size="sm" c="dimmed">{t('catalogs.diff.onlyOne')}</Text>
      </Section>
    );
  }
  const data = versions.map((v) => ({ value: v.id, label: versionLabel(v) }));
  const same = from !== null && from === to;
  return (
    <Section title={t('catalogs.diff.title')} lead={intro} testId="diff-panel">
      <Group align="flex-end" wrap="wrap">
        <Select label={t('catalogs.diff.from')} data={data} value={from} onChange={setFrom} allowDeselect={false} w={300} data-testid="diff-from" />
        <Select label={t('catalogs.diff.to')} data={data} value={to} onChange={setTo} allowDeselect={false} w={300} data-testid="diff-to" />
        <Button onClick={() => from && to && setAsked({ from, to })} disabled={!from || !to || same} data-testid="diff-run">{t('catalogs.diff.run')}</Button>
      </Group>
      {same ? <Text size="sm" c="red.8">{t('catalogs.diff.same')}</Text> : null}
      {diff.isFetching && !diff.data ? <Loading /> : null}
      {diff.isError ? <LoadError error={diff.error} onRetry={() => void diff.refetch()} /> : null}
      {diff.data ? (
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap">
            <Text size="sm" fw={600} data-testid="diff-summary">{t('catalogs.diff.summary', diff.data.summary)}</Text>
            <Text size="xs" c="dimmed">{t('catalogs.diff.legend')}</Text>
          </Group>
          {diff.data.changes.length === 0 ? <Text size="sm" c="dimmed">{t('catalogs.diff.none')}</Text> : null}
          <Box>
            <Stack gap="xs">
              {diff.data.changes.map((c, i) => <Change key={i} change={c} />)}
            </Stack>
          </Box>
        </Stack>
      ) : null}
    </Section>
  );
}
