import { Alert, Anchor, Button, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ConfirmModal } from '../components/ConfirmModal.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { LoadError, Loading } from '../components/States.tsx';
import { TlpBadge } from '../intel/Badges.tsx';
import { type Decisions, type Draft, FIELDS, sharingApi, sharingKeys, useDraft } from './api.ts';
import { Legend, ProposalRows, ReviewText, SelectionBar, useReview } from './RedactionReview.tsx';
import { canPrepareShare } from './permissions.ts';
import { RequireSharing, useNamed } from './shared.tsx';

/** How the originator will be shown, and (TLP:RED) who may read it: said in the publish confirmation. */
function useAudienceLine(draft: Draft) {
  const { t } = useTranslation();
  const named = useNamed();
  const shown = draft.disclose ? t('sharing.review.shownDisclosed') : t('sharing.review.shownAnonymous');
  const red = draft.tlp === 'RED' && draft.recipients?.length ? t('sharing.review.redRecipients', { names: draft.recipients.map(named).join('、') }) : '';
  return [shown, red].filter(Boolean).join(' ');
}

function Review({ draft }: { draft: Draft }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const sources = useMemo(() => ({
    title: { text: draft.original.title, proposals: draft.proposals.title },
    summary: { text: draft.original.summary, proposals: draft.proposals.summary },
    body: { text: draft.original.body, proposals: draft.proposals.body },
  }), [draft]);
  const review = useReview(sources);
  const [confirm, setConfirm] = useState(false);
  const audience = useAudienceLine(draft);

  const publish = useMutation({
    mutationFn: () => sharingApi.publish(draft.id, { title: review.decision('title'), summary: review.decision('summary'), body: review.decision('body') } as Decisions),
    onSuccess: async (r) => {
      notifications.show({ color: 'teal', message: t('sharing.review.published') });
      await qc.invalidateQueries({ queryKey: sharingKeys.all });
      navigate(`/sharing/reports/${encodeURIComponent(r.id)}`);
    },
  });

  return (
    <Stack data-testid="draft-review">
      <PageHeader title={t('sharing.review.title')} lead={t('sharing.review.lead')}
        actions={<Group gap="xs">{draft.tlp ? <TlpBadge tlp={draft.tlp} /> : null}<Button onClick={() => setConfirm(true)} data-testid="publish-open">{t('sharing.review.publish')}</Button></Group>} />
      <Legend />
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <Text size="sm" c="dimmed">{t('sharing.review.selectHint')}</Text>
            <SelectionBar review={review} sticky />
            {FIELDS.map((f) => (
              <Paper key={f} withBorder radius="md" p="md" data-testid={`field-${f}`}>
                <Stack gap="xs">
                  <Title order={5}>{t(`sharing.field.${f}`)}</Title>
                  <ReviewText review={review} k={f} testId={`text-${f}`} />
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
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid={`preview-${f}`}>{review.preview[f]}</Text>
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
                <Text size="xs" c="dimmed" data-testid="proposal-count">{t('sharing.review.proposalsCount', { accepted: review.taken, total: review.total })}</Text>
              </Group>
              {FIELDS.map((f) => (
                <Stack key={f} gap={4}>
                  <Text size="xs" fw={700} c="dimmed">{t(`sharing.field.${f}`)}</Text>
                  <ProposalRows review={review} k={f} />
                </Stack>
              ))}
              <Button fullWidth onClick={() => setConfirm(true)} data-testid="publish-open-side">{t('sharing.review.publish')}</Button>
            </Stack>
          </Paper>
        </Grid.Col>
      </Grid>
      <ConfirmModal opened={confirm} onClose={() => { setConfirm(false); publish.reset(); }} title={t('sharing.review.publishTitle')}
        message={<>{t('sharing.review.publishLead', { tlp: `TLP:${draft.tlp ?? ''}` })}<br /><span data-testid="publish-audience">{audience}</span></>} confirmLabel={t('sharing.review.publishConfirm')}
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
