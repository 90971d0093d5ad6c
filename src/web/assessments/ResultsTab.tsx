import { Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '../components/States.tsx';
import { type Campaign, type Trend, assessmentsApi, keys } from './api.ts';
import { pointsDiff } from './format.ts';
import { ResultBar, chapterLabel, percent } from './shared.tsx';

const TREND_COLOR: Record<Trend, string> = { improved: 'teal', worsened: 'red', unchanged: 'gray', new: 'blue', dropped: 'gray', no_data: 'gray' };

/** 結果: per chapter and department, and the comparison with the previous fiscal year. */
export function ResultsTab({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const results = useQuery({ queryKey: keys.part(campaign.id, 'results'), queryFn: () => assessmentsApi.results(campaign.id) });
  const comparison = useQuery({ queryKey: keys.part(campaign.id, 'comparison'), queryFn: () => assessmentsApi.comparison(campaign.id) });
  if (results.isPending) return <Loading />;
  if (results.isError) return <LoadError error={results.error} onRetry={() => void results.refetch()} />;
  const r = results.data;
  const countHeads = (
    <>
      <Table.Th ta="right">{t('assessments.results.answers')}</Table.Th>
      <Table.Th ta="right">{t('assessments.results.implementedShare')}</Table.Th>
      <Table.Th ta="right">{t('assessments.results.score')}</Table.Th>
      <Table.Th w={200}>{t('assessments.results.breakdown')}</Table.Th>
    </>
  );
  return (
    <Stack data-testid="results">
      <Text size="sm" c="dimmed">{t('assessments.results.lead')}</Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        {([['answers', String(r.total.answers)], ['implementedShare', percent(r.total.implementedShare)], ['score', percent(r.total.score)]] as const).map(([k, v]) => (
          <Card key={k} withBorder radius="md" padding="sm">
            <Text size="xs" c="dimmed">{t(`assessments.results.${k}`)}</Text>
            <Text size="xl" fw={700} data-testid={`results-${k}`}>{v}</Text>
          </Card>
        ))}
        <Card withBorder radius="md" padding="sm"><Text size="xs" c="dimmed">{t('assessments.results.breakdown')}</Text><ResultBar counts={r.total} /></Card>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xl: 2 }}>
        <Card withBorder radius="md">
          <Title order={5} mb="xs">{t('assessments.results.byChapter')}</Title>
          <Table striped verticalSpacing={4} data-testid="results-chapters">
            <Table.Thead style={{ whiteSpace: 'nowrap' }}><Table.Tr><Table.Th>{t('assessments.results.chapter')}</Table.Th><Table.Th ta="right">{t('assessments.results.items')}</Table.Th>{countHeads}</Table.Tr></Table.Thead>
            <Table.Tbody>
              {r.chapters.map((c) => (
                <Table.Tr key={c.chapter}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{chapterLabel(t, c.chapter)}</Table.Td><Table.Td ta="right">{c.items}</Table.Td><Table.Td ta="right">{c.answers}</Table.Td>
                  <Table.Td ta="right">{percent(c.implementedShare)}</Table.Td><Table.Td ta="right">{percent(c.score)}</Table.Td><Table.Td><ResultBar counts={c} /></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
        <Card withBorder radius="md">
          <Title order={5} mb="xs">{t('assessments.results.byDepartment')}</Title>
          {r.departments.length === 0 ? <Text size="sm" c="dimmed">{t('assessments.results.empty')}</Text> : (
            <Table striped verticalSpacing={4} data-testid="results-departments">
              <Table.Thead style={{ whiteSpace: 'nowrap' }}><Table.Tr><Table.Th>{t('assessments.progress.department')}</Table.Th>{countHeads}</Table.Tr></Table.Thead>
              <Table.Tbody>
                {r.departments.map((d) => (
                  <Table.Tr key={d.department ?? ''}>
                    <Table.Td>{d.department ?? t('assessments.progress.noDepartment')}</Table.Td><Table.Td ta="right">{d.answers}</Table.Td>
                    <Table.Td ta="right">{percent(d.implementedShare)}</Table.Td><Table.Td ta="right">{percent(d.score)}</Table.Td><Table.Td><ResultBar counts={d} /></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      </SimpleGrid>
      <Card withBorder radius="md" data-testid="results-comparison">
        <Title order={5} mb="xs">{t('assessments.results.comparison')}</Title>
        {comparison.isPending ? <Loading /> : null}
        {comparison.isError ? <LoadError error={comparison.error} /> : null}
        {comparison.data && !comparison.data.comparison ? <Text size="sm" c="dimmed">{t('assessments.results.noPrevious')}</Text> : null}
        {comparison.data?.comparison && comparison.data.previous ? (() => {
          const c = comparison.data.comparison;
          const prev = comparison.data.previous;
          const row = (key: string, label: string, x: typeof c.total) => {
            const a = x.current?.score;
            const b = x.previous?.score;
            return (
              <Table.Tr key={key}>
                <Table.Td>{label}</Table.Td><Table.Td ta="right">{percent(b)}</Table.Td><Table.Td ta="right">{percent(a)}</Table.Td>
                <Table.Td ta="right">{pointsDiff(a, b)}</Table.Td>
                <Table.Td><Badge variant="light" color={TREND_COLOR[x.trend]}>{t(`assessments.trend.${x.trend}`)}</Badge></Table.Td>
              </Table.Tr>
            );
          };
          const worse = c.items.filter((i) => i.trend === 'worsened');
          return (
            <Stack gap="xs">
              <Text size="sm" c="dimmed">{t('assessments.results.previousLabel', { year: prev.fiscalYear, title: prev.title })}</Text>
              <Table striped verticalSpacing={4}>
                <Table.Thead style={{ whiteSpace: 'nowrap' }}>
                  <Table.Tr>
                    <Table.Th>{t('assessments.results.chapter')}</Table.Th>
                    <Table.Th ta="right">{t('assessments.results.previous', { year: prev.fiscalYear })}</Table.Th>
                    <Table.Th ta="right">{t('assessments.results.current', { year: campaign.fiscalYear })}</Table.Th>
                    <Table.Th ta="right">{t('assessments.results.diff')}</Table.Th>
                    <Table.Th>{t('assessments.results.trend')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {row('total', t('assessments.results.overall'), c.total)}
                  {c.chapters.map((ch) => row(ch.chapter, chapterLabel(t, ch.chapter), ch))}
                </Table.Tbody>
              </Table>
              {worse.length ? (
                <Group gap="xs"><Text size="sm">{t('assessments.results.worsened')}:</Text>{worse.map((i) => <Badge key={i.citation} color="red" variant="outline">{i.citation}</Badge>)}</Group>
              ) : null}
            </Stack>
          );
        })() : null}
      </Card>
    </Stack>
  );
}
