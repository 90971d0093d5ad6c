import { Alert, Anchor, Button, Grid, Group, Paper, Select, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { REDACTION_KINDS } from '../../core/redaction/types.ts';
import { ConfirmModal } from '../components/ConfirmModal.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { LoadError, Loading } from '../components/States.tsx';
import { TlpBadge } from '../intel/Badges.tsx';
import { type Decisions, type Draft, type ExtraSpan, FIELDS, type Field, type RedactionKind, sharingApi, sharingKeys, useDraft } from './api.ts';
import { marksOf, previewText, trimSelection } from './format.ts';
import { HighlightedText } from './HighlightedText.tsx';
import { canPrepareShare } from './permissions.ts';
import { KIND_COLORS, KindBadge, RequireSharing } from './shared.tsx';

type PerField<T> = Record<Field, T>;
const perField = <T,>(f: (field: Field) => T): PerField<T> => ({ title: f('title'), summary: f('summary'), body: f('body') });

function Legend() {
  const { t } = useTranslation();
  return (
    <Group gap={6} data-testid="kind-legend">
      <Text size="xs" c="dimmed">{t('sharing.review.legend')}</Text>
      {REDACTION_KINDS.map((k) => <KindBadge key={k} kind={k} size="xs" />)}
    </Group>
  );
}

function Review({ draft }: { draft: Draft }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [accepted, setAccepted] = useState<PerField<boolean[]>>(() => perField((f) => draft.proposals[f].map(() => true)));
  const [extra, setExtra] = useState<PerField<ExtraSpan[]>>(() => perField(() => []));
  const [selection, setSelection] = useState<{ field: Field; start: number; end: number } | null>(null);
  const [kind, setKind] = useState<RedactionKind>('person');
  const [confirm, setConfirm] = useState(false);
  const preview = useMemo(() => perField((f) => previewText(draft.original[f], draft.proposals[f], accepted[f], extra[f])), [draft, accepted, extra]);
  const total = FIELDS.reduce((n, f) => n + draft.proposals[f].length, 0);
  const taken = FIELDS.reduce((n, f) => n + accepted[f].filter(Boolean).length, 0);

  const publish = useMutation({
    mutationFn: () => sharingApi.publish(draft.id, perField((f) => ({ accepted: accepted[f], extra: extra[f] })) as Decisions),
    onSuccess: async (r) => {
      notifications.show({ color: 'teal', message: t('sharing.review.published') });
      await qc.invalidateQueries({ queryKey: sharingKeys.all });
      navigate(`/sharing/reports/${encodeURIComponent(r.id)}`);
    },
  });

  const toggle = (f: Field, i: number, on: boolean) => setAccepted((a) => ({ ...a, [f]: a[f].map((v, j) => (j === i ? on : v)) }));
  const select = (f: Field, start: number, end: number) => {
    const s = trimSelection(draft.original[f], start, end);
    setSelection(s ? { field: f, ...s } : null);
  };
  const addSpan = () => {
    if (!selection) return;
    const { field, start, end } = selection;
    setExtra((x) => ({ ...x, [field]: [...x[field], { start, end, kind }] }));
    setSelection(null);
    window.getSelection()?.removeAllRanges();
  };
  const removeSpan = (f: Field, i: number) => setExtra((x) => ({ ...x, [f]: x[f].filter((_, j) => j !== i) }));

  return (
    <Stack data-testid="draft-review">
      <PageHeader title={t('sharing.review.title')} lead={t('sharing.review.lead')}
        actions={<Group gap="xs">{draft.tlp ? <TlpBadge tlp={draft.tlp} /> : null}<Button onClick={() => setConfirm(true)} data-testid="publish-open">{t('sharing.review.publish')}</Button></Group>} />
      <Legend />
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <Text size="sm" c="dimmed">{t('sharing.review.selectHint')}</Text>
            {selection ? (
              <Paper withBorder p="sm" radius="md" data-testid="selection-bar" style={{ position: 'sticky', top: 70, zIndex: 5, borderColor: KIND_COLORS[kind].line }}>
                <Group gap="sm" align="flex-end" wrap="wrap">
                  <Text size="sm" style={{ flex: 1, minWidth: 200, wordBreak: 'break-all' }}>
                    {t('sharing.review.selection', { text: draft.original[selection.field].slice(selection.start, selection.end) })}
                  </Text>
                  <Select label={t('sharing.review.addAs')} w={170} value={kind} onChange={(v) => v && setKind(v as RedactionKind)} allowDeselect={false}
                    data={REDACTION_KINDS.map((k) => ({ value: k, label: t(`sharing.kind.${k}`) }))} data-testid="selection-kind" comboboxProps={{ withinPortal: true }} />
                  <Button onClick={addSpan} data-testid="selection-add">{t('sharing.review.addSpan')}</Button>
                  <Button variant="subtle" onClick={() => setSelection(null)}>{t('sharing.review.cancelSelection')}</Button>
                </Group>
              </Paper>
            ) : null}
            {FIELDS.map((f) => (
              <Paper key={f} withBorder radius="md" p="md" data-testid={`field-${f}`}>
                <Stack gap="xs">
                  <Title order={5}>{t(`sharing.field.${f}`)}</Title>
                  {draft.original[f] ? (
                    <HighlightedText text={draft.original[f]} marks={marksOf(draft.proposals[f], accepted[f], extra[f])} onSelect={(s, e) => select(f, s, e)} testId={`text-${f}`} />
                  ) : <Text size="sm" c="dimmed">{t('sharing.review.emptyField')}</Text>}
                </Stack>
              </Paper>
            ))}
            <Paper withBorder radius="md" p="md" bg="gray.0" data-testid="redaction-preview">
              <Stack gap="xs">
                <Title order={4}>{t('sharing.review.preview')}</Title>
                <Text size="xs" c="dimmed">{t('sharing.review.previewLead')}</Text>
                {FIELDS.filter((f) => draft.original[f]).map((f) => (
                  <Stack key={f} gap={2}>
                    <Text size="xs" fw={700} c="dimmed">{t(`sharing.field.${f}`)}</Text>
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid={`preview-${f}`}>{preview[f]}</Text>
                  </Stack>
                ))}
              </Stack>
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder radius="md" p="md" style={{ position: 'sticky', top: 70 }} data-testid="proposal-list">
            <Stack gap="sm">
              <Group justify="space-between">
                <Title order={4}>{t('sharing.review.proposals')}</Title>
                <Text size="xs" c="dimmed" data-testid="proposal-count">{t('sharing.review.proposalsCount', { accepted: taken, total })}</Text>
              </Group>
              {FIELDS.map((f) => (
                <Stack key={f} gap={4}>
                  <Text size="xs" fw={700} c="dimmed">{t(`sharing.field.${f}`)}</Text>
                  {draft.proposals[f].length === 0 && extra[f].length === 0 ? <Text size="xs" c="dimmed">{t('sharing.review.noProposals')}</Text> : null}
                  {draft.proposals[f].map((p, i) => (
                    <Group key={`${p.start}-${p.end}-${i}`} gap="xs" wrap="nowrap" justify="space-between" data-testid="proposal" data-text={p.text} data-kind={p.kind}
                      data-accepted={accepted[f][i] ? 'true' : 'false'}>
                      <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                        <KindBadge kind={p.kind} size="xs" />
                        <Text size="sm" truncate="end" td={accepted[f][i] ? undefined : 'none'} c={accepted[f][i] ? undefined : 'dimmed'} title={p.text}>{p.text}</Text>
                      </Group>
                      <Switch size="sm" checked={accepted[f][i] ?? false} onChange={(e) => toggle(f, i, e.currentTarget.checked)}
                        aria-label={`${t('sharing.review.accept')}: ${p.text}`} data-testid="proposal-toggle" />
                    </Group>
                  ))}
                  {extra[f].map((s, i) => (
                    <Group key={`x-${s.start}-${s.end}-${i}`} gap="xs" wrap="nowrap" justify="space-between" data-testid="added-span" data-text={draft.original[f].slice(s.start, s.end)}>
                      <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                        <KindBadge kind={s.kind} size="xs" />
                        <Text size="sm" truncate="end" fs="italic" title={`${t('sharing.review.added')}: ${draft.original[f].slice(s.start, s.end)}`}>{draft.original[f].slice(s.start, s.end)}</Text>
                      </Group>
                      <Button size="compact-xs" variant="subtle" color="red" onClick={() => removeSpan(f, i)}>{t('sharing.review.remove')}</Button>
                    </Group>
                  ))}
                </Stack>
              ))}
              <Button fullWidth onClick={() => setConfirm(true)} data-testid="publish-open-side">{t('sharing.review.publish')}</Button>
            </Stack>
          </Paper>
        </Grid.Col>
      </Grid>
      <ConfirmModal opened={confirm} onClose={() => { setConfirm(false); publish.reset(); }} title={t('sharing.review.publishTitle')}
        message={t('sharing.review.publishLead', { tlp: `TLP:${draft.tlp ?? ''}` })} confirmLabel={t('sharing.review.publishConfirm')}
        loading={publish.isPending} error={publish.error} onConfirm={() => publish.mutate()} />
    </Stack>
  );
}

function DraftView() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useDraft(id);
  if (q.isPending) return <Loading />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data.status && q.data.status !== 'draft') {
    return (
      <Stack>
        <PageHeader title={t('sharing.review.title')} />
        <Alert color="blue" data-testid="draft-published">
          <Stack gap="xs">
            <Text size="sm">{t('sharing.review.alreadyPublished')}</Text>
            <Anchor component={Link} to={`/sharing/reports/${encodeURIComponent(id)}`} size="sm">{t('sharing.review.openReport')}</Anchor>
          </Stack>
        </Alert>
      </Stack>
    );
  }
  return <Review draft={q.data} />;
}

/** /sharing/drafts/:id: the author decides every proposal, adds spans, sees the preview and publishes. */
export function DraftReviewPage() {
  return <RequireSharing allow={canPrepareShare}><DraftView /></RequireSharing>;
}
