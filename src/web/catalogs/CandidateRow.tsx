import { Badge, Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Clause, type Decision, type DecisionStatus, RELATIONSHIPS, type Relationship } from './api.ts';

export interface DecideArgs {
  targetCitation: string;
  status: DecisionStatus;
  relationship: Relationship;
  rationale?: string;
  score?: number;
}

interface Props {
  rank: number | null;
  targetCitation: string;
  target: Clause | undefined;
  score: number | null;
  terms: string[];
  decision: Decision | undefined;
  canDecide: boolean;
  busy: boolean;
  onDecide: (args: DecideArgs) => void;
}

/** Below this the server does not count a candidate even as partial coverage (COVERAGE.partial). */
const WEAK_SCORE = 0.15;

/** A section's own text, or the first text below it (1.1 → its (1)①). */
function firstText(c: Clause | undefined): string {
  if (!c) return '';
  if (c.text) return c.text;
  for (const child of c.children) {
    const t = firstText(child);
    if (t) return t;
  }
  return '';
}

/** One target candidate for a source clause: score, shared terms, and the person's decision. */
export function CandidateRow({ rank, targetCitation, target, score, terms, decision, canDecide, busy, onDecide }: Props) {
  const { t } = useTranslation();
  const [relationship, setRelationship] = useState<Relationship>(decision?.relationship ?? 'intersect');
  const [rationale, setRationale] = useState(decision?.rationale ?? '');
  const decide = (status: DecisionStatus) =>
    onDecide({ targetCitation, status, relationship, ...(rationale.trim() ? { rationale: rationale.trim() } : {}), ...(score !== null ? { score } : {}) });
  const color = decision?.status === 'confirmed' ? 'teal' : decision?.status === 'rejected' ? 'gray' : undefined;
  return (
    <Paper
      withBorder
      p="xs"
      radius="sm"
      bg={decision?.status === 'confirmed' ? 'teal.0' : decision?.status === 'rejected' ? 'gray.1' : 'white'}
      data-testid="candidate"
      data-target={targetCitation}
      data-decision={decision?.status ?? 'none'}
      style={{ opacity: !decision && score !== null && score < WEAK_SCORE ? 0.8 : 1 }}
    >
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap={6} wrap="nowrap">
              {rank !== null ? <Badge size="xs" variant="outline" color="gray" circle>{rank}</Badge> : null}
              <Text size="sm" fw={700} td={decision?.status === 'rejected' ? 'line-through' : undefined} data-testid="candidate-target">{targetCitation}</Text>
              {target?.heading ? <Text size="sm" fw={600} lineClamp={1}>{target.heading}</Text> : null}
            </Group>
            {firstText(target) ? <Text size="xs" c="dimmed" lineClamp={2}>{firstText(target)}</Text> : null}
          </Stack>
          <Stack gap={4} align="flex-end" style={{ flexShrink: 0 }}>
            {score !== null ? <Badge variant="light" color={score >= 0.3 ? 'indigo' : score >= WEAK_SCORE ? 'yellow' : 'gray'} data-testid="candidate-score">{t('catalogs.compare.score', { score: Math.round(score * 100) })}</Badge> : null}
            {decision ? (
              <Badge color={color} variant="filled" size="sm" data-testid="candidate-status">
                {t(`catalogs.compare.${decision.status}`)}・{t(`catalogs.compare.rel.${decision.relationship}`)}
              </Badge>
            ) : null}
          </Stack>
        </Group>
        {terms.length ? (
          <Group gap={4}>
            <Text size="xs" c="dimmed">{t('catalogs.compare.terms')}:</Text>
            {terms.map((term) => <Badge key={term} size="xs" variant="light" color="grape" style={{ textTransform: 'none' }}>{term}</Badge>)}
          </Group>
        ) : null}
        {decision?.rationale && !canDecide ? <Text size="xs" c="dark.4">{t('catalogs.compare.rationale')}: {decision.rationale}</Text> : null}
        {canDecide ? (
          <Group gap={6} align="flex-end" wrap="nowrap">
            <Select
              size="xs"
              w={110}
              style={{ flexShrink: 0 }}
              aria-label={t('catalogs.compare.relationship')}
              data={RELATIONSHIPS.map((r) => ({ value: r, label: t(`catalogs.compare.rel.${r}`) }))}
              value={relationship}
              onChange={(r) => r && setRelationship(r as Relationship)}
              allowDeselect={false}
              comboboxProps={{ width: 280, position: 'bottom-start' }}
              renderOption={({ option }) => (
                <Stack gap={0}>
                  <Text size="sm">{option.label}</Text>
                  <Text size="xs" c="dimmed">{t(`catalogs.compare.relHint.${option.value as Relationship}`)}</Text>
                </Stack>
              )}
              data-testid="candidate-relationship"
            />
            <TextInput
              size="xs"
              style={{ flex: 1, minWidth: 80 }}
              aria-label={t('catalogs.compare.rationale')}
              placeholder={t('catalogs.compare.rationalePlaceholder')}
              value={rationale}
              onChange={(e) => setRationale(e.currentTarget.value)}
              data-testid="candidate-rationale"
            />
            <Button size="xs" px={10} style={{ flexShrink: 0 }} color="teal" onClick={() => decide('confirmed')} loading={busy} data-testid="candidate-confirm">{t('catalogs.compare.confirm')}</Button>
            <Button size="xs" px={10} style={{ flexShrink: 0 }} variant="default" onClick={() => decide('rejected')} disabled={busy} data-testid="candidate-reject">{t('catalogs.compare.reject')}</Button>
            {decision ? (
              <Button size="xs" px={10} style={{ flexShrink: 0 }} variant="subtle" color="gray" onClick={() => decide('undecided')} disabled={busy} data-testid="candidate-clear">{t('catalogs.compare.clear')}</Button>
            ) : null}
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
