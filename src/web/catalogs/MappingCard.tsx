import { Grid, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { type Clause, type Comparison, catalogsApi } from './api.ts';
import { CandidateRow, type DecideArgs } from './CandidateRow.tsx';

interface Props {
  comparison: Comparison;
  mapping: Comparison['mappings'][number];
  sourceClause: Clause | undefined;
  targets: Map<string, Clause>;
  /** Target sections the user may pick outside the candidates. */
  sectionOptions: { value: string; label: string }[];
  canDecide: boolean;
}

/** (c) Side by side: a source clause on the left, its ranked target candidates on the right. */
export function MappingCard({ comparison, mapping, sourceClause, targets, sectionOptions, canDecide }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [pending, setPending] = useState<string | null>(null);
  const decisions = comparison.decisions.filter((d) => d.sourceCitation === mapping.source);
  const candidateTargets = new Set(mapping.candidates.map((c) => c.target));
  const others = decisions.filter((d) => !candidateTargets.has(d.targetCitation));

  const decide = useMutation({
    mutationFn: (a: DecideArgs) =>
      catalogsApi.decide({ sourceId: comparison.source.id, targetId: comparison.target.id, sourceCitation: mapping.source, ...a }),
    onMutate: (a) => setPending(a.targetCitation),
    onSuccess: async (_r, a) => {
      await qc.invalidateQueries({ queryKey: ['catalogs', 'compare', comparison.source.id, comparison.target.id] });
      notifications.show({ message: a.status === 'undecided' ? t('catalogs.compare.decisionCleared') : t('catalogs.compare.decisionSaved'), color: 'teal' });
    },
    onSettled: () => setPending(null),
  });

  const row = (targetCitation: string, rank: number | null, score: number | null, terms: string[]) => {
    const decision = decisions.find((d) => d.targetCitation === targetCitation);
    return (
      <CandidateRow
        key={`${targetCitation}-${decision?.status ?? 'none'}-${decision?.decidedAt ?? ''}`}
        rank={rank}
        targetCitation={targetCitation}
        target={targets.get(targetCitation)}
        score={score}
        terms={terms}
        decision={decision}
        canDecide={canDecide}
        busy={pending === targetCitation}
        onDecide={(a) => decide.mutate(a)}
      />
    );
  };

  return (
    <Paper withBorder radius="md" p="md" bg="white" data-testid="mapping" data-source={mapping.source}>
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap={4}>
            <Group gap={8}>
              <Text fw={700} size="sm" data-testid="mapping-source">{mapping.source}</Text>
              {sourceClause?.heading ? <Text fw={600} size="sm">{sourceClause.heading}</Text> : null}
            </Group>
            {sourceClause?.text ? <Text size="sm" c="dark.5" style={{ whiteSpace: 'pre-wrap' }}>{sourceClause.text}</Text> : null}
            {sourceClause && sourceClause.children.length > 0 ? (
              <Stack gap={2} pl="sm" style={{ borderLeft: '2px solid var(--mantine-color-gray-3)' }}>
                {sourceClause.children.slice(0, 6).map((c) => (
                  <Text key={c.citation} size="xs" c="dimmed" lineClamp={2}><b>{c.label}</b> {c.text}</Text>
                ))}
              </Stack>
            ) : null}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="xs">
            {mapping.candidates.length === 0 ? <Text size="sm" c="dimmed">{t('catalogs.compare.noCandidates')}</Text> : null}
            {mapping.candidates.map((c, i) => row(c.target, i + 1, c.score, c.terms))}
            {others.length ? <Text size="xs" c="dimmed" mt={4}>{t('catalogs.compare.otherDecided')}</Text> : null}
            {others.map((d) => row(d.targetCitation, null, null, []))}
            {canDecide ? (
              <Select
                size="xs"
                searchable
                clearable
                label={t('catalogs.compare.other')}
                placeholder={t('catalogs.compare.otherPlaceholder')}
                data={sectionOptions.filter((o) => !candidateTargets.has(o.value) && !others.some((d) => d.targetCitation === o.value))}
                value={null}
                onChange={(v) => v && decide.mutate({ targetCitation: v, status: 'confirmed', relationship: 'intersect' })}
                data-testid="mapping-other"
              />
            ) : null}
            <ErrorAlert error={decide.error} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Paper>
  );
}
