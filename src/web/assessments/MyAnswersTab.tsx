import { Alert, Anchor, Badge, Button, CloseButton, Divider, FileInput, Group, Pagination, Paper, Radio, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { fieldErrors } from '../lib/problem.ts';
import { useSessionQuery } from '../platform/api.ts';
import { type AnswerResult, type Campaign, type EvidenceRef, type MyItem, RESULTS, assessmentsApi, evidenceFileUrl, keys } from './api.ts';
import { AnswerStatusBadge, ResultBadge } from './shared.tsx';

const CARDS_PER_PAGE = 10;

/** 自分の回答: the respondent's items, each answered, saved as a draft and submitted. */
export function MyAnswersTab({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const mine = useQuery({ queryKey: keys.part(campaign.id, 'mine'), queryFn: () => assessmentsApi.myItems(campaign.id) });
  if (mine.isPending) return <Loading />;
  if (mine.isError) return <LoadError error={mine.error} onRetry={() => void mine.refetch()} />;
  const items = mine.data.items;
  if (items.length === 0) return <EmptyState message={t('assessments.mine.empty')} />;
  const done = items.filter((i) => i.answer && i.answer.status !== 'draft').length;
  const pages = Math.max(1, Math.ceil(items.length / CARDS_PER_PAGE));
  return (
    <Stack>
      <Text size="sm" c="dimmed">{t('assessments.mine.lead')}</Text>
      {campaign.status === 'closed' ? <Alert color="gray" variant="light">{t('assessments.mine.closed')}</Alert> : null}
      <Text size="sm" fw={500} data-testid="mine-summary">{t('assessments.mine.summary', { total: items.length, done })}</Text>
      {items.slice((page - 1) * CARDS_PER_PAGE, page * CARDS_PER_PAGE).map((i) => (
        <AnswerCard key={`${i.id}:${i.answer?.updatedAt ?? ''}`} campaign={campaign} item={i} />
      ))}
      {pages > 1 ? <Pagination total={pages} value={page} onChange={setPage} style={{ alignSelf: 'center' }} /> : null}
    </Stack>
  );
}

function AnswerCard({ campaign, item }: { campaign: Campaign; item: MyItem }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const csrf = useSessionQuery().data;
  const a = item.answer;
  const editable = campaign.status === 'open' && (!a || a.status === 'draft');
  const [result, setResult] = useState<AnswerResult | null>(a?.result ?? null);
  const [comment, setComment] = useState(a?.comment ?? '');
  const [evidence, setEvidence] = useState<EvidenceRef[]>(a?.evidence ?? []);
  const [linkTitle, setLinkTitle] = useState('');
  const [linkUrl, setLinkUrl] = useState('');
  const [file, setFile] = useState<File | null>(null);

  const body = () => ({ result, comment: comment.trim() ? comment : null, evidenceIds: evidence.map((e) => e.id) });
  const save = useMutation({
    mutationFn: (submit: boolean) => (submit ? assessmentsApi.submitAnswer(campaign.id, item.id, body()) : assessmentsApi.saveAnswer(campaign.id, item.id, body())),
    onSuccess: (_, submit) => {
      notifications.show({ message: t(submit ? 'assessments.mine.submitted' : 'assessments.mine.saved'), color: 'teal' });
      void qc.invalidateQueries({ queryKey: keys.campaign(campaign.id) });
    },
  });
  const addEvidence = useMutation({
    mutationFn: async (kind: 'link' | 'file') => {
      if (kind === 'link') return assessmentsApi.linkEvidence({ title: linkTitle.trim() || linkUrl.trim(), url: linkUrl.trim() });
      const token = csrf && csrf.stage !== 'signed_out' ? csrf.csrfToken : null;
      return assessmentsApi.uploadEvidence(file!, file!.name, token);
    },
    onSuccess: (e, kind) => {
      void qc.invalidateQueries({ queryKey: keys.myEvidence });
      setEvidence((list) => [...list, { id: e.id, title: e.title, kind: e.kind, linkedVersion: e.currentVersion, currentVersion: e.currentVersion, url: kind === 'link' ? linkUrl.trim() : null, filename: file?.name ?? null, expiresOn: null, expired: e.expired }]);
      setLinkTitle('');
      setLinkUrl('');
      setFile(null);
    },
  });
  // Evidence already registered (for another item, or last year's campaign) serves again as it is.
  const mine = useQuery({ queryKey: keys.myEvidence, queryFn: assessmentsApi.myEvidence, enabled: editable });
  const reusable = (mine.data?.items ?? []).filter((r) => !evidence.some((e) => e.id === r.id));
  const reuse = (evidenceId: string | null) => {
    const r = reusable.find((x) => x.id === evidenceId);
    if (r) setEvidence((list) => [...list, { id: r.id, title: r.title, kind: r.kind, linkedVersion: r.currentVersion, currentVersion: r.currentVersion, url: r.url, filename: r.filename, expiresOn: r.expiresOn, expired: r.expired }]);
  };
  const errors = fieldErrors(save.error);
  const sentBack = a?.status === 'draft' && !!a.reviewComment;

  return (
    <Paper withBorder p="md" radius="md" data-testid="answer-card" data-citation={item.citation}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2}>
            <Group gap="xs">
              <Text fw={700}>{item.citation}</Text>
              {item.heading ? <Text fw={500}>{item.heading}</Text> : null}
            </Group>
            <Text size="sm">{item.text}</Text>
          </Stack>
          <AnswerStatusBadge status={a?.status ?? null} sentBack={sentBack} />
        </Group>
        {a?.reviewComment ? (
          <Alert color={sentBack ? 'red' : 'teal'} variant="light" title={sentBack ? t('assessments.mine.sentBack') : t('assessments.mine.reviewComment')} data-testid="review-comment">
            <Text size="sm">{a.reviewComment}</Text>
          </Alert>
        ) : null}
        {editable ? (
          <>
            <Radio.Group label={t('assessments.mine.result')} value={result ?? ''} onChange={(v) => setResult(v as AnswerResult)} error={errors.result}>
              <Group mt={4} gap="lg">
                {RESULTS.map((r) => <Radio key={r} value={r} label={t(`assessments.result.${r}`)} data-testid={`result-${r}`} />)}
              </Group>
            </Radio.Group>
            <Textarea label={t('assessments.mine.comment')} placeholder={t('assessments.mine.commentPlaceholder')} value={comment} onChange={(e) => setComment(e.currentTarget.value)}
              autosize minRows={2} maxRows={8} error={errors.comment} data-testid="answer-comment" />
          </>
        ) : (
          <Stack gap={4} data-testid="answer-readonly">
            <Group gap="xs"><Text size="sm" fw={500}>{t('assessments.mine.result')}:</Text><ResultBadge result={a?.result ?? null} /></Group>
            {a?.comment ? <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{a.comment}</Text> : null}
          </Stack>
        )}
        <Stack gap={4}>
          <Text size="sm" fw={500}>{t('assessments.mine.evidence')}</Text>
          {evidence.length === 0 ? <Text size="sm" c="dimmed">{t('common.none')}</Text> : null}
          {evidence.map((e) => (
            <Group key={e.id} gap="xs" data-testid="evidence-item">
              <Badge size="sm" variant="outline" color="gray">{e.kind === 'file' ? 'FILE' : 'URL'}</Badge>
              {e.kind === 'link' && e.url ? <Anchor href={e.url} target="_blank" rel="noreferrer" size="sm">{e.title ?? e.url}</Anchor>
                : <Anchor href={evidenceFileUrl(e.id, e.linkedVersion)} size="sm">{e.title ?? e.filename}</Anchor>}
              <Text size="xs" c="dimmed">{t('assessments.mine.version', { no: e.linkedVersion })}</Text>
              {e.expired ? <Badge size="sm" color="red" variant="light">{t('assessments.mine.expired')}</Badge> : null}
              {editable ? <CloseButton size="sm" aria-label={t('assessments.mine.removeEvidence')} onClick={() => setEvidence((list) => list.filter((x) => x.id !== e.id))} /> : null}
            </Group>
          ))}
          {editable ? (
            <>
              <Group align="flex-end" gap="xs">
                <TextInput size="xs" label={t('assessments.mine.linkTitle')} value={linkTitle} onChange={(e) => setLinkTitle(e.currentTarget.value)} w={200} data-testid="evidence-link-title" />
                <TextInput size="xs" label={t('assessments.mine.linkUrl')} placeholder="https://" value={linkUrl} onChange={(e) => setLinkUrl(e.currentTarget.value)} w={280} data-testid="evidence-link-url" />
                <Button size="xs" variant="default" disabled={!linkUrl.trim()} loading={addEvidence.isPending && addEvidence.variables === 'link'} onClick={() => addEvidence.mutate('link')} data-testid="evidence-link-add">{t('assessments.mine.addLink')}</Button>
              </Group>
              <Group align="flex-end" gap="xs">
                <FileInput size="xs" label={t('assessments.mine.addFile')} placeholder={t('assessments.mine.filePlaceholder')} value={file} onChange={setFile} w={300} clearable data-testid="evidence-file" />
                <Button size="xs" variant="default" disabled={!file} loading={addEvidence.isPending && addEvidence.variables === 'file'} onClick={() => addEvidence.mutate('file')} data-testid="evidence-file-add">{t('assessments.mine.add')}</Button>
              </Group>
              {reusable.length ? (
                <Select
                  size="xs" w={480} searchable clearable value={null} onChange={reuse} label={t('assessments.mine.reuse')} placeholder={t('assessments.mine.reusePlaceholder')}
                  data={reusable.map((r) => ({ value: r.id, label: `${r.title}（${r.kind === 'file' ? r.filename ?? 'FILE' : 'URL'}${r.expired ? `・${t('assessments.mine.expired')}` : ''}）` }))}
                  data-testid="evidence-reuse"
                />
              ) : null}
              <ErrorAlert error={addEvidence.error} />
            </>
          ) : null}
        </Stack>
        <Divider />
        {editable ? (
          <Group justify="flex-end">
            <ErrorAlert error={save.error} fields={['result', 'comment']} />
            <Button variant="default" onClick={() => save.mutate(false)} loading={save.isPending && save.variables === false} data-testid="answer-save">{t('assessments.mine.saveDraft')}</Button>
            <Button onClick={() => save.mutate(true)} loading={save.isPending && save.variables === true} disabled={!result} data-testid="answer-submit">{t('assessments.mine.submit')}</Button>
          </Group>
        ) : a && a.status !== 'draft' ? <Text size="xs" c="dimmed">{t('assessments.mine.locked')}</Text> : null}
      </Stack>
    </Paper>
  );
}
