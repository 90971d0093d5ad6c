import { Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Section } from '../components/Section.tsx';
import type { ChapterCoverage, CoverageRow } from './api.ts';

export const STATUS_COLOR = { covered: 'teal', partial: 'yellow', missing: 'red' } as const;

/** Totals over all sections, counting partly covered ones as half (as the server does per chapter). */
export function coverageTotals(rows: readonly CoverageRow[]) {
  const n = { sections: rows.length, covered: 0, partial: 0, missing: 0 };
  for (const r of rows) n[r.status]++;
  const percent = n.sections ? Math.round(((n.covered + n.partial / 2) / n.sections) * 1000) / 10 : 0;
  return { ...n, percent };
}

function Bar({ c, size = 'lg' }: { c: { sections: number; covered: number; partial: number; missing: number }; size?: string }) {
  const { t } = useTranslation();
  const pct = (n: number) => (c.sections ? (n / c.sections) * 100 : 0);
  return (
    <Progress.Root size={size} radius="sm">
      {(['covered', 'partial', 'missing'] as const).map((s) =>
        c[s] ? (
          <Tooltip key={s} label={`${t(`catalogs.compare.status.${s}`)} ${c[s]}`}>
            <Progress.Section value={pct(c[s])} color={s === 'missing' ? 'red.2' : STATUS_COLOR[s]} />
          </Tooltip>
        ) : null,
      )}
    </Progress.Root>
  );
}

function Counts({ c }: { c: { covered: number; partial: number; missing: number } }) {
  const { t } = useTranslation();
  return (
    <Group gap="md">
      {(['covered', 'partial', 'missing'] as const).map((s) => (
        <Text key={s} size="xs" c={`${STATUS_COLOR[s]}.8`}>{t(`catalogs.compare.status.${s}`)} {c[s]}</Text>
      ))}
    </Group>
  );
}

/** (a) Coverage per chapter with progress bars, and the total. */
export function CoverageSummary({ chapters, rows }: { chapters: ChapterCoverage[]; rows: CoverageRow[] }) {
  const { t } = useTranslation();
  const total = coverageTotals(rows);
  return (
    <Section title={t('catalogs.compare.summaryTitle')} lead={t('catalogs.compare.percentNote')} testId="coverage-summary">
      <Paper withBorder p="md" radius="md" bg="indigo.0">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Stack gap={4}>
            <Text size="sm" fw={700}>{t('catalogs.compare.total')}</Text>
            <Group gap="xs" align="baseline">
              <Text fz={32} fw={700} c="indigo.8" data-testid="coverage-total">{total.percent}%</Text>
              <Text size="sm" c="dimmed">{t('catalogs.compare.sections', { count: total.sections })}</Text>
            </Group>
          </Stack>
          <Stack gap={6} justify="center">
            <Bar c={total} size="xl" />
            <Counts c={total} />
          </Stack>
        </SimpleGrid>
      </Paper>
      <Table verticalSpacing="sm" data-testid="coverage-chapters">
        <Table.Tbody>
          {chapters.map((ch) => (
            <Table.Tr key={ch.chapter ?? '-'} data-testid="coverage-chapter">
              <Table.Td w="40%">
                <Text size="sm" fw={600}>{ch.chapter ?? t('catalogs.compare.chapterNone')}{ch.heading ? `　${ch.heading}` : ''}</Text>
                <Text size="xs" c="dimmed">{t('catalogs.compare.sections', { count: ch.sections })}</Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={4}>
                  <Bar c={ch} />
                  <Counts c={ch} />
                </Stack>
              </Table.Td>
              <Table.Td w={80} ta="right"><Text fw={700} size="sm">{ch.percent}%</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Section>
  );
}
