import { Anchor, Button, Group, Modal, Pagination, SegmentedControl, Select, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { formatDateTime } from '../lib/datetime.ts';
import { fieldErrors } from '../lib/problem.ts';
import { useSession } from '../platform/api.ts';
import { type Answer, type AnswerState, type Campaign, NEEDS_IMPROVEMENT, PAGE_SIZE, assessmentsApi, evidenceFileUrl, keys } from './api.ts';
import { AnswerStatusBadge, ResultBadge, useMembers } from './shared.tsx';

type Filter = AnswerState | 'all';

/** 回答の確認: submitted answers to accept or send back; improvement items from the weak ones. */
export function ReviewTab({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const session = useSession();
  const qc = useQueryClient();
  const [filter, setFilter] = useState<Filter>('submitted');
  const [page, setPage] = useState(1);
  const [sendingBack, setSendingBack] = useState<Answer | null>(null);
  const [raising, setRaising] = useState<Answer | null>(null);
  const answers = useQuery({
    queryKey: keys.part(campaign.id, 'answers', filter),
    queryFn: () => assessmentsApi.answers(campaign.id, filter === 'all' ? undefined : filter),
  });
  const accept = useMutation({
    mutationFn: (a: Answer) => assessmentsApi.accept(a.id),
    onSuccess: () => {
      notifications.show({ message: t('assessments.review.acceptDone'), color: 'teal' });
      void qc.invalidateQueries({ queryKey: keys.campaign(campaign.id) });
    },
  });
  const items = answers.data?.items ?? [];
  const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  const shown = items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const open = campaign.status === 'open';

  return (
    <Stack>
      <Text size="sm" c="dimmed">{t('assessments.review.lead')}</Text>
      <SegmentedControl
        value={filter}
        onChange={(v) => { setFilter(v as Filter); setPage(1); }}
        data={(['submitted', 'draft', 'accepted', 'all'] as const).map((s) => ({ value: s, label: s === 'all' ? t('common.all') : t(`assessments.answerStatus.${s}`) }))}
        style={{ alignSelf: 'flex-start' }}
        data-testid="review-filter"
      />
      <ErrorAlert error={accept.error} />
      {answers.isPending ? <Loading /> : null}
      {answers.isError ? <LoadError error={answers.error} onRetry={() => void answers.refetch()} /> : null}
      {answers.data && items.length === 0 ? <EmptyState message={t('assessments.review.empty')} /> : null}
      {shown.length > 0 ? (
        <Table withTableBorder striped bg="white" verticalSpacing="sm" data-testid="review-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={100}>{t('assessments.progress.citation')}</Table.Th>
              <Table.Th w={160}>{t('assessments.review.respondent')}</Table.Th>
              <Table.Th w={130}>{t('assessments.mine.result')}</Table.Th>
              <Table.Th>{t('assessments.mine.comment')}</Table.Th>
              <Table.Th w={110}>{t('assessments.review.filter')}</Table.Th>
              <Table.Th w={230}>{t('common.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((a) => {
              const own = a.respondent.id === session.user.id;
              return (
                <Table.Tr key={a.id} data-testid="review-row" data-citation={a.citation ?? ''}>
                  <Table.Td><Text size="sm" fw={500}>{a.citation}</Text>{a.heading ? <Text size="xs" c="dimmed">{a.heading}</Text> : null}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{a.respondent.name}</Text>
                    {a.department ? <Text size="xs" c="dimmed">{a.department}</Text> : null}
                    {a.submittedAt ? <Text size="xs" c="dimmed">{formatDateTime(a.submittedAt)}</Text> : null}
                  </Table.Td>
                  <Table.Td><ResultBadge result={a.result} /></Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{a.comment ?? ''}</Text>
                    {a.evidence.map((e) => (
                      <Anchor key={e.id} size="xs" display="block" href={e.kind === 'link' && e.url ? e.url : evidenceFileUrl(e.id, e.linkedVersion)} target="_blank" rel="noreferrer">
                        {t('assessments.mine.evidence')}: {e.title ?? e.filename ?? e.url}
                      </Anchor>
                    ))}
                    {a.reviewComment ? <Text size="xs" c="red.8">{t('assessments.mine.reviewComment')}: {a.reviewComment}</Text> : null}
                  </Table.Td>
                  <Table.Td><AnswerStatusBadge status={a.status} sentBack={a.status === 'draft' && !!a.reviewComment} /></Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      {open && a.status === 'submitted' && !own ? (
                        <>
                          <Button size="xs" color="teal" onClick={() => accept.mutate(a)} loading={accept.isPending && accept.variables?.id === a.id} data-testid="review-accept">{t('assessments.review.accept')}</Button>
                          <Button size="xs" variant="default" onClick={() => setSendingBack(a)} data-testid="review-send-back">{t('assessments.review.sendBack')}</Button>
                        </>
                      ) : null}
                      {own && a.status === 'submitted' ? <Text size="xs" c="dimmed">{t('assessments.review.own')}</Text> : null}
                      {a.status !== 'draft' && a.result && NEEDS_IMPROVEMENT.includes(a.result) ? (
                        <Button size="xs" variant="light" color="orange" onClick={() => setRaising(a)} data-testid="review-raise">{t('assessments.review.raise')}</Button>
                      ) : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      ) : null}
      {pages > 1 ? <Pagination total={pages} value={page} onChange={setPage} style={{ alignSelf: 'center' }} /> : null}
      {sendingBack ? <SendBackModal campaign={campaign} answer={sendingBack} onClose={() => setSendingBack(null)} /> : null}
      {raising ? <RaiseImprovementModal campaign={campaign} answer={raising} onClose={() => setRaising(null)} /> : null}
    </Stack>
  );
}

function SendBackModal({ campaign, answer, onClose }: { campaign: Campaign; answer: Answer; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [comment, setComment] = useState('');
  const send = useMutation({
    mutationFn: () => assessmentsApi.sendBack(answer.id, comment),
    onSuccess: () => {
      notifications.show({ message: t('assessments.review.sendBackDone'), color: 'teal' });
      void qc.invalidateQueries({ queryKey: keys.campaign(campaign.id) });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`${t('assessments.review.sendBackTitle')}: ${answer.citation ?? ''}（${answer.respondent.name ?? ''}）`} size="lg">
      <form onSubmit={(e) => { e.preventDefault(); send.mutate(); }}>
        <Stack>
          <Textarea label={t('assessments.review.sendBackComment')} value={comment} onChange={(e) => setComment(e.currentTarget.value)} required autosize minRows={3} data-testid="send-back-comment" />
          <ErrorAlert error={send.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" color="red" disabled={!comment.trim()} loading={send.isPending} data-testid="send-back-submit">{t('assessments.review.sendBack')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Owners: the institution's members for managers; otherwise the campaign's respondents and oneself. */
function useOwnerChoices(campaign: Campaign) {
  const session = useSession();
  const members = useMembers(campaign.permissions.manage);
  const progress = useQuery({ queryKey: keys.part(campaign.id, 'progress'), queryFn: () => assessmentsApi.progress(campaign.id), enabled: !campaign.permissions.manage });
  if (campaign.permissions.manage) return (members.data?.items ?? []).map((m) => ({ value: m.id, label: m.displayName }));
  const people = new Map<string, string>([[session.user.id, session.user.displayName]]);
  for (const r of progress.data?.respondents ?? []) people.set(r.respondentId, r.name ?? r.respondentId);
  return [...people.entries()].map(([value, label]) => ({ value, label }));
}

function RaiseImprovementModal({ campaign, answer, onClose }: { campaign: Campaign; answer: Answer; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const owners = useOwnerChoices(campaign);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState(answer.comment ?? '');
  const [ownerId, setOwnerId] = useState<string | null>(answer.respondent.id);
  const [dueDate, setDueDate] = useState(`${campaign.fiscalYear + 1}-03-31`);
  const raise = useMutation({
    mutationFn: () => assessmentsApi.raiseImprovement(answer.id, { title, ...(description.trim() ? { description } : {}), ownerId: ownerId ?? '', dueDate }),
    onSuccess: () => {
      notifications.show({ message: t('assessments.review.raised'), color: 'teal' });
      void qc.invalidateQueries({ queryKey: keys.all });
      onClose();
    },
  });
  const errors = fieldErrors(raise.error);
  return (
    <Modal opened onClose={onClose} title={`${t('assessments.improvements.raiseTitle')}: ${answer.citation ?? ''}`} size="lg">
      <form onSubmit={(e) => { e.preventDefault(); raise.mutate(); }}>
        <Stack>
          <TextInput label={t('assessments.improvements.name')} placeholder={t('assessments.improvements.namePlaceholder')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required error={errors.title} data-testid="improvement-title" />
          <Textarea label={t('assessments.improvements.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} />
          <Group grow>
            <Select label={t('assessments.improvements.owner')} data={owners} value={ownerId} onChange={setOwnerId} searchable required error={errors.ownerId} data-testid="improvement-owner" />
            <TextInput type="date" label={t('assessments.improvements.due')} value={dueDate} onChange={(e) => setDueDate(e.currentTarget.value)} required error={errors.dueDate} data-testid="improvement-due" />
          </Group>
          <ErrorAlert error={raise.error} fields={['title', 'ownerId', 'dueDate']} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" disabled={!title.trim() || !ownerId} loading={raise.isPending} data-testid="improvement-create">{t('assessments.improvements.create')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
