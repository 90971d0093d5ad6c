import { Anchor, Button, Group, Highlight, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { type SearchHit, catalogsApi } from './api.ts';
import { searchWords } from './tree-view.ts';

const SERVER_LIMIT = 50;

/** Hits grouped by regulation, in the order the server ranked them. */
function groupByRegulation(hits: readonly SearchHit[]) {
  const groups = new Map<string, { title: string; hits: SearchHit[] }>();
  for (const h of hits) {
    const g = groups.get(h.regulationId) ?? { title: h.title, hits: [] };
    g.hits.push(h);
    groups.set(h.regulationId, g);
  }
  return [...groups.entries()];
}

/** 横断検索: clause text of every regulation the user may read; every word must occur. */
export function SearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const [input, setInput] = useState(q);
  useEffect(() => setInput(q), [q]);
  const words = useMemo(() => searchWords(q), [q]);
  const search = useQuery({ queryKey: ['catalogs', 'search', q], queryFn: () => catalogsApi.search(q), enabled: q.length > 0 });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = input.trim();
    setParams(next ? { q: next } : {});
  };
  const items = search.data?.items ?? [];

  return (
    <Stack>
      <PageHeader title={t('catalogs.search.title')} lead={t('catalogs.search.lead')} />
      <form onSubmit={submit}>
        <Group align="flex-end">
          <TextInput
            value={input}
            onChange={(e) => setInput(e.currentTarget.value)}
            placeholder={t('catalogs.search.placeholder')}
            aria-label={t('catalogs.search.title')}
            w={420}
            data-testid="clause-search-input"
          />
          <Button type="submit" data-testid="clause-search-submit">{t('catalogs.search.submit')}</Button>
        </Group>
      </form>
      {!q ? <Text size="sm" c="dimmed">{t('catalogs.search.prompt')}</Text> : null}
      {q && search.isPending ? <Loading /> : null}
      {search.isError ? <LoadError error={search.error} onRetry={() => void search.refetch()} /> : null}
      {q && search.isSuccess && items.length === 0 ? <EmptyState message={t('catalogs.search.empty')} /> : null}
      {items.length > 0 ? (
        <Stack gap="md" data-testid="search-results">
          <Text size="sm" c="dimmed">
            {t('catalogs.search.results', { count: items.length })}
            {items.length >= SERVER_LIMIT ? ` ${t('catalogs.search.resultsMax', { count: SERVER_LIMIT })}` : ''}
          </Text>
          {groupByRegulation(items).map(([id, g]) => (
            <Paper key={id} withBorder radius="md" p="md" bg="white" data-testid="search-group">
              <Group justify="space-between" mb="xs">
                <Title order={4}>{g.title}</Title>
                <Anchor component={Link} to={`/catalogs/${id}`} size="sm">{t('catalogs.search.open')}</Anchor>
              </Group>
              <Stack gap="sm">
                {g.hits.map((h) => (
                  <Stack key={h.citation} gap={2} pl="sm" style={{ borderLeft: '3px solid var(--mantine-color-indigo-2)' }} data-testid="search-hit">
                    <Group gap={8}>
                      <Text size="sm" fw={700}>{h.citation}</Text>
                      {h.heading ? <Highlight size="sm" fw={600} highlight={words}>{h.heading}</Highlight> : null}
                    </Group>
                    <Highlight size="sm" c="dark.4" highlight={words} highlightStyles={{ fontWeight: 600 }}>{h.snippet}</Highlight>
                  </Stack>
                ))}
              </Stack>
            </Paper>
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}
