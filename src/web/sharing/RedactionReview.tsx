import { Button, Group, Paper, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REDACTION_KINDS } from '../../core/redaction/types.ts';
import type { ExtraSpan, RedactionKind, RedactionSpan } from './api.ts';
import { addExtraSpan, marksOf, previewText, trimSelection } from './format.ts';
import { HighlightedText } from './HighlightedText.tsx';
import { KIND_COLORS, KindBadge } from './shared.tsx';

/**
 * The parts of a redaction review, shared by the draft of a report, its addenda (追記) and comments: the author
 * sees each proposal highlighted, accepts or rejects it, selects words to add a span, and sees what will be
 * published. The server recomputes the proposals and applies the same decisions.
 */

export interface ReviewSource {
  text: string;
  proposals: readonly RedactionSpan[];
}

export interface Decision {
  accepted: boolean[];
  extra: ExtraSpan[];
}

type PerKey<K extends string, T> = Record<K, T>;
const perKey = <K extends string, T>(keys: readonly K[], f: (k: K) => T) => Object.fromEntries(keys.map((k) => [k, f(k)])) as PerKey<K, T>;

/** The review's state over one or more texts (keyed, e.g. title / summary / body); every proposal accepted at first. */
export function useReview<K extends string>(sources: PerKey<K, ReviewSource>) {
  const keys = Object.keys(sources) as K[];
  const [accepted, setAccepted] = useState(() => perKey(keys, (k) => sources[k].proposals.map(() => true)));
  const [extra, setExtra] = useState(() => perKey<K, ExtraSpan[]>(keys, () => []));
  const [selection, setSelection] = useState<{ key: K; start: number; end: number } | null>(null);
  const [kind, setKind] = useState<RedactionKind>('person');
  const preview = useMemo(() => perKey(Object.keys(sources) as K[], (k) => previewText(sources[k].text, sources[k].proposals, accepted[k], extra[k])), [sources, accepted, extra]);
  return {
    sources, keys, accepted, extra, selection, kind, setKind, preview,
    total: keys.reduce((n, k) => n + sources[k].proposals.length, 0),
    taken: keys.reduce((n, k) => n + accepted[k].filter(Boolean).length, 0),
    toggle: (k: K, i: number, on: boolean) => setAccepted((a) => ({ ...a, [k]: a[k].map((v, j) => (j === i ? on : v)) })),
    select: (k: K, start: number, end: number) => {
      const s = trimSelection(sources[k].text, start, end);
      setSelection(s ? { key: k, ...s } : null);
    },
    clearSelection: () => setSelection(null),
    /** The selection becomes an added span; added spans it overlaps are replaced (the server refuses overlapping ones). */
    addSpan: () => {
      if (!selection) return;
      const { key, start, end } = selection;
      setExtra((x) => ({ ...x, [key]: addExtraSpan(x[key], { start, end, kind }) }));
      setSelection(null);
      window.getSelection()?.removeAllRanges();
    },
    removeSpan: (k: K, i: number) => setExtra((x) => ({ ...x, [k]: x[k].filter((_, j) => j !== i) })),
    decision: (k: K): Decision => ({ accepted: accepted[k], extra: extra[k] }),
  };
}

export type Review<K extends string> = ReturnType<typeof useReview<K>>;

export function Legend() {
  const { t } = useTranslation();
  return (
    <Group gap={6} data-testid="kind-legend">
      <Text size="xs" c="dimmed">{t('sharing.review.legend')}</Text>
      {REDACTION_KINDS.map((k) => <KindBadge key={k} kind={k} size="xs" />)}
    </Group>
  );
}

/** What was selected, the kind to add it as, and the button; shown while a selection is pending. */
export function SelectionBar<K extends string>({ review, sticky = false }: { review: Review<K>; sticky?: boolean }) {
  const { t } = useTranslation();
  const { selection, kind } = review;
  if (!selection) return null;
  return (
    <Paper withBorder p="sm" radius="md" data-testid="selection-bar" style={{ ...(sticky ? { position: 'sticky', top: 70, zIndex: 5 } : {}), borderColor: KIND_COLORS[kind].line }}>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Text size="sm" style={{ flex: 1, minWidth: 200, wordBreak: 'break-all' }}>
          {t('sharing.review.selection', { text: review.sources[selection.key].text.slice(selection.start, selection.end) })}
        </Text>
        <Select label={t('sharing.review.addAs')} w={170} value={kind} onChange={(v) => v && review.setKind(v as RedactionKind)} allowDeselect={false}
          data={REDACTION_KINDS.map((k) => ({ value: k, label: t(`sharing.kind.${k}`) }))} data-testid="selection-kind" comboboxProps={{ withinPortal: true }} />
        <Button onClick={review.addSpan} data-testid="selection-add">{t('sharing.review.addSpan')}</Button>
        <Button variant="subtle" onClick={review.clearSelection}>{t('sharing.review.cancelSelection')}</Button>
      </Group>
    </Paper>
  );
}

/** One text with its proposals highlighted; selecting words in it offers to add them. */
export function ReviewText<K extends string>({ review, k, testId }: { review: Review<K>; k: K; testId: string }) {
  const { t } = useTranslation();
  const s = review.sources[k];
  if (!s.text) return <Text size="sm" c="dimmed">{t('sharing.review.emptyField')}</Text>;
  return <HighlightedText text={s.text} marks={marksOf(s.proposals, review.accepted[k], review.extra[k])} onSelect={(a, b) => review.select(k, a, b)} testId={testId} />;
}

/** The proposals of one text with a switch each, and the spans the author added (removable). */
export function ProposalRows<K extends string>({ review, k }: { review: Review<K>; k: K }) {
  const { t } = useTranslation();
  const { text, proposals } = review.sources[k];
  const accepted = review.accepted[k];
  const extra = review.extra[k];
  return (
    <>
      {proposals.length === 0 && extra.length === 0 ? <Text size="xs" c="dimmed">{t('sharing.review.noProposals')}</Text> : null}
      {proposals.map((p, i) => (
        <Group key={`${p.start}-${p.end}-${i}`} gap="xs" wrap="nowrap" justify="space-between" data-testid="proposal" data-text={p.text} data-kind={p.kind}
          data-accepted={accepted[i] ? 'true' : 'false'}>
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <KindBadge kind={p.kind} size="xs" />
            <Text size="sm" truncate="end" td={accepted[i] ? undefined : 'none'} c={accepted[i] ? undefined : 'dimmed'} title={p.text}>{p.text}</Text>
          </Group>
          <Switch size="sm" checked={accepted[i] ?? false} onChange={(e) => review.toggle(k, i, e.currentTarget.checked)}
            aria-label={`${t('sharing.review.accept')}: ${p.text}`} data-testid="proposal-toggle" />
        </Group>
      ))}
      {extra.map((s, i) => (
        <Group key={`x-${s.start}-${s.end}-${i}`} gap="xs" wrap="nowrap" justify="space-between" data-testid="added-span" data-text={text.slice(s.start, s.end)}>
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <KindBadge kind={s.kind} size="xs" />
            <Text size="sm" truncate="end" fs="italic" title={`${t('sharing.review.added')}: ${text.slice(s.start, s.end)}`}>{text.slice(s.start, s.end)}</Text>
          </Group>
          <Button size="compact-xs" variant="subtle" color="red" onClick={() => review.removeSpan(k, i)}>{t('sharing.review.remove')}</Button>
        </Group>
      ))}
    </>
  );
}

/**
 * A whole review of a single text (a comment or an addendum), in one column: the highlighted text, the
 * proposals with their switches, and the text as it will be posted.
 */
export function SingleTextReview({ review, testId }: { review: Review<'text'>; testId: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" data-testid={testId}>
      <Legend />
      <Text size="xs" c="dimmed">{t('sharing.review.selectHint')}</Text>
      <SelectionBar review={review} />
      <Paper withBorder radius="md" p="sm">
        <ReviewText review={review} k="text" testId={`${testId}-text`} />
      </Paper>
      <Stack gap={4} data-testid="proposal-list">
        <Group justify="space-between">
          <Text size="sm" fw={700}>{t('sharing.review.proposals')}</Text>
          <Text size="xs" c="dimmed" data-testid="proposal-count">{t('sharing.review.proposalsCount', { accepted: review.taken, total: review.total })}</Text>
        </Group>
        <ProposalRows review={review} k="text" />
      </Stack>
      <Paper withBorder radius="md" p="sm" bg="gray.0">
        <Stack gap={4}>
          <Title order={6}>{t('sharing.review.preview')}</Title>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid={`${testId}-preview`}>{review.preview.text}</Text>
        </Stack>
      </Paper>
    </Stack>
  );
}
