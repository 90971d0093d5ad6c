import { Alert, Anchor, Badge, Button, Grid, Group, Modal, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { Facts, InfoCard } from '../components/Facts.tsx';
import { TlpBadge } from '../intel/Badges.tsx';
import { formatDateTime } from '../lib/datetime.ts';
import { ApiError } from '../lib/api.ts';
import { fieldErrors } from '../lib/problem.ts';
import { useSession } from '../platform/api.ts';
import { type CommentPreview, type ReportDetail, sharingApi, useAddComment, useDraft, useReport } from './api.ts';
import { exportAllowed } from './format.ts';
import { Addendum, History, TlpChange, Withdraw } from './OriginatorActions.tsx';
import { canRevealOriginator, canTightenAsOperator } from './permissions.ts';
import { SingleTextReview, useReview } from './RedactionReview.tsx';
import { useCategory, useNamed } from './shared.tsx';

/** Downloads JSON the API returned, as a file the browser saves. */
function saveJson(data: unknown, filename: string) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Exports({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const run = useMutation({
    mutationFn: async (format: 'misp' | 'stix') => ({ format, data: await sharingApi.exportReport(report.id, format) }),
    onSuccess: ({ format, data }) => {
      saveJson(data, `shared-report-${report.id}-${format}.json`);
      notifications.show({ color: 'teal', message: t('sharing.export.done', { format: t(`sharing.export.${format}`) }) });
    },
  });
  return (
    <InfoCard title={t('sharing.export.title')} testId="report-export">
      {exportAllowed(report.tlp) ? (
        <>
          <Text size="xs" c="dimmed">{t('sharing.export.lead')}</Text>
          <Group gap="sm">
            <Button variant="default" onClick={() => run.mutate('misp')} loading={run.isPending && run.variables === 'misp'} data-testid="export-misp">{t('sharing.export.misp')}</Button>
            <Button variant="default" onClick={() => run.mutate('stix')} loading={run.isPending && run.variables === 'stix'} data-testid="export-stix">{t('sharing.export.stix')}</Button>
          </Group>
          <ErrorAlert error={run.error} />
        </>
      ) : <Text size="sm" c="dimmed" data-testid="export-not-allowed">{t('sharing.export.notAllowed', { tlp: `TLP:${report.tlp}` })}</Text>}
    </InfoCard>
  );
}

/** The writer's review of a comment: the proposals highlighted, switched, added to; then 投稿する. */
function CommentReview({ preview, onBack, onPosted, reportId }: { preview: CommentPreview; onBack: () => void; onPosted: () => void; reportId: string }) {
  const { t } = useTranslation();
  const sources = useMemo(() => ({ text: { text: preview.body, proposals: preview.proposals } }), [preview]);
  const review = useReview(sources);
  const add = useAddComment(reportId);
  const post = () => add.mutate({ body: preview.body, decision: review.decision('text') }, {
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('sharing.comments.posted') });
      onPosted();
    },
  });
  return (
    <Paper withBorder radius="md" p="md" data-testid="comment-review-panel">
      <Stack gap="sm">
        <Title order={5}>{t('sharing.comments.reviewTitle')}</Title>
        <Text size="xs" c="dimmed">{t('sharing.comments.reviewLead')}</Text>
        <SingleTextReview review={review} testId="comment-review" />
        <ErrorAlert error={add.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onBack} data-testid="comment-back">{t('sharing.comments.back')}</Button>
          <Button onClick={post} loading={add.isPending} data-testid="comment-post">{t('sharing.comments.post')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function Comments({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const named = useNamed();
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const [preview, setPreview] = useState<CommentPreview | null>(null);
  const check = useMutation({ mutationFn: () => sharingApi.previewComment(report.id, text.trim()), onSuccess: setPreview });
  const submit = () => {
    if (!text.trim()) return setMissing(true);
    check.mutate();
  };
  return (
    <InfoCard title={t('sharing.comments.title')} testId="report-comments">
      {report.comments.length === 0 ? <Text size="sm" c="dimmed">{t('sharing.comments.empty')}</Text> : null}
      <Stack gap="xs">
        {report.comments.map((c) => (
          <Paper key={c.id} p="sm" radius="md" bg={c.mine ? 'blue.0' : 'gray.0'} data-testid="comment">
            <Group gap="xs" mb={4}>
              <Badge size="sm" variant="light" color={c.by.ja === '報告機関' ? 'violet' : 'gray'} data-testid="comment-by">{named(c.by)}</Badge>
              {c.mine ? <Text size="xs" c="dimmed">{t('sharing.comments.mine')}</Text> : null}
              <Text size="xs" c="dimmed">{formatDateTime(c.createdAt)}</Text>
            </Group>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid="comment-body">{c.body}</Text>
          </Paper>
        ))}
      </Stack>
      {preview ? (
        <CommentReview key={`${preview.body}:${preview.proposals.length}`} preview={preview} reportId={report.id} onBack={() => setPreview(null)}
          onPosted={() => { setPreview(null); setText(''); }} />
      ) : (
        <>
          <Textarea placeholder={t('sharing.comments.placeholder')} description={t('sharing.comments.lead')} autosize minRows={2} maxRows={8} maxLength={10_000} value={text}
            onChange={(e) => { setText(e.currentTarget.value); setMissing(false); }} error={missing ? t('sharing.comments.required') : fieldErrors(check.error).body} data-testid="comment-input" />
          <ErrorAlert error={check.error} fields={['body']} />
          <Group justify="flex-end">
            <Button onClick={submit} loading={check.isPending} data-testid="comment-submit">{t('sharing.comments.submit')}</Button>
          </Group>
        </>
      )}
    </InfoCard>
  );
}

/** The originating institution's steps after publication (and the operator's tightening), with the originator's history. */
function Manage({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const session = useSession();
  const draft = useDraft(report.id, report.mine);
  if (!report.mine) {
    return canTightenAsOperator(session) && report.status !== 'withdrawn' ? <TlpChange report={report} asOperator /> : null;
  }
  return (
    <Stack data-testid="originator-actions">
      <Title order={3}>{t('sharing.manage.title')}</Title>
      <Text size="sm" c="dimmed">{t('sharing.manage.lead')}</Text>
      {report.status === 'withdrawn' ? null : (
        <>
          <TlpChange report={report} asOperator={false} />
          <Addendum report={report} />
          <Withdraw report={report} />
        </>
      )}
      {draft.data ? <History draft={draft.data} /> : null}
    </Stack>
  );
}

function Reveal({ report }: { report: ReportDetail }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [short, setShort] = useState(false);
  const run = useMutation({ mutationFn: () => sharingApi.reveal(report.id, reason.trim()), onSuccess: () => setOpen(false) });
  const submit = () => {
    if (reason.trim().length < 10) return setShort(true);
    run.mutate();
  };
  const close = () => {
    setOpen(false);
    setShort(false);
    if (!run.isSuccess) run.reset();
  };
  return (
    <Paper withBorder radius="md" p="md" data-testid="reveal" style={{ borderLeft: '4px solid var(--mantine-color-red-6)' }}>
      <Stack gap="sm">
        <Title order={4}>{t('sharing.reveal.title')}</Title>
        <Text size="sm" c="dimmed">{t('sharing.reveal.lead')}</Text>
        {run.data ? (
          <Alert color="red" variant="light" data-testid="reveal-result">
            <Text size="sm" fw={700}>{t('sharing.reveal.result', { name: i18n.language === 'en' ? run.data.institution.nameEn : run.data.institution.nameJa, code: run.data.institution.code })}</Text>
            <Text size="xs">{t('sharing.reveal.revealedAt', { date: formatDateTime(run.data.revealedAt) })}</Text>
          </Alert>
        ) : (
          <Group><Button color="red" variant="light" onClick={() => setOpen(true)} data-testid="reveal-open">{t('sharing.reveal.open')}</Button></Group>
        )}
      </Stack>
      <Modal opened={open} onClose={close} title={t('sharing.reveal.dialogTitle')} centered size="lg">
        <Stack>
          <Alert color="red" variant="light" data-testid="reveal-warning">{t('sharing.reveal.warning')}</Alert>
          <ErrorAlert error={run.error} fields={['reason']} />
          <Textarea label={t('sharing.reveal.reason')} placeholder={t('sharing.reveal.reasonPlaceholder')} required autosize minRows={3} maxRows={8} maxLength={2000}
            value={reason} onChange={(e) => { setReason(e.currentTarget.value); setShort(false); }}
            error={short ? t('sharing.reveal.reasonShort') : fieldErrors(run.error).reason} data-testid="reveal-reason" data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{run.isSuccess ? t('common.close') : t('common.cancel')}</Button>
            {run.isSuccess ? null : <Button color="red" onClick={submit} loading={run.isPending} data-testid="reveal-submit">{t('sharing.reveal.submit')}</Button>}
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

function Detail({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const session = useSession();
  const named = useNamed();
  const category = useCategory();
  const none = t('sharing.report.noItems');
  return (
    <Stack data-testid="shared-report" data-tlp={report.tlp}>
      <Anchor component={Link} to="/sharing/reports" size="sm">← {t('sharing.report.back')}</Anchor>
      <Stack gap={6}>
        <Group gap="xs">
          <TlpBadge tlp={report.tlp} />
          {report.category ? <Badge variant="light" color="gray">{category(report.category)}</Badge> : null}
        </Group>
        <Title order={2} data-testid="report-title">{report.title}</Title>
        <Text size="sm" c="dimmed" data-testid="report-originator">{t('sharing.report.originator')}: {named(report.originator)}</Text>
      </Stack>
      {report.status === 'withdrawn' ? <Alert color="gray" data-testid="report-withdrawn">{t('sharing.report.withdrawn', { date: formatDateTime(report.withdrawnAt) })}</Alert> : null}
      {report.mine ? <Alert color="blue" variant="light" data-testid="report-mine">{t('sharing.report.mine', { originator: `「${named(report.originator)}」` })}</Alert> : null}
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            {report.summary ? (
              <InfoCard title={t('sharing.report.summary')}>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid="report-summary">{report.summary}</Text>
              </InfoCard>
            ) : null}
            <InfoCard title={t('sharing.report.body')}>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', lineHeight: 1.8 }} data-testid="report-body">{report.body}</Text>
            </InfoCard>
            {report.addenda?.length ? (
              <InfoCard title={t('sharing.report.addenda')} testId="report-addenda">
                {report.addenda.map((a) => (
                  <Stack key={a.id} gap={2}>
                    <Text size="xs" c="dimmed">{formatDateTime(a.publishedAt)}</Text>
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{a.body}</Text>
                  </Stack>
                ))}
              </InfoCard>
            ) : null}
            <InfoCard title={t('sharing.report.indicators')} testId="report-indicators">
              {report.indicators.length === 0 ? <Text size="sm" c="dimmed">{none}</Text> : (
                <Table striped withTableBorder>
                  <Table.Thead><Table.Tr><Table.Th w={90}>{t('sharing.report.indicatorType')}</Table.Th><Table.Th>{t('sharing.report.indicatorValue')}</Table.Th><Table.Th>{t('sharing.report.indicatorComment')}</Table.Th></Table.Tr></Table.Thead>
                  <Table.Tbody>
                    {report.indicators.map((i) => (
                      <Table.Tr key={`${i.type}:${i.value}`}><Table.Td>{i.type}</Table.Td><Table.Td ff="monospace" style={{ wordBreak: 'break-all' }}>{i.value}</Table.Td><Table.Td>{i.comment ?? ''}</Table.Td></Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </InfoCard>
            {report.status === 'withdrawn' ? null : <Comments report={report} />}
            <Manage report={report} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <InfoCard title={t('sharing.report.tlpAllows')} testId="report-tlp">
              <Group gap="xs"><TlpBadge tlp={report.tlp} /><Text size="sm" fw={600}>{t(`sharing.tlp.${report.tlp}.line`)}</Text></Group>
              <Text size="sm">{t(`sharing.tlp.${report.tlp}.allows`)}</Text>
            </InfoCard>
            <InfoCard title={t('sharing.report.facts')}>
              <Facts rows={[
                [t('sharing.report.originator'), named(report.originator)],
                [t('sharing.report.category'), category(report.category) || none],
                [t('sharing.report.occurredAt'), formatDateTime(report.occurredAt) || t('sharing.report.unknown'), 'report-occurred'],
                [t('sharing.report.publishedAt'), formatDateTime(report.publishedAt)],
                ...(report.tlpChanges?.length ? [[t('sharing.report.tlpChanges'), (
                  <Stack gap={2}>{report.tlpChanges.map((c) => <Text key={c.at} size="sm">{t('sharing.report.tlpChange', { date: formatDateTime(c.at), from: `TLP:${c.from}`, to: `TLP:${c.to}` })}</Text>)}</Stack>
                )] as [string, ReactNode]] : []),
                [t('sharing.report.products'), report.products.length ? report.products.join('、') : none, 'report-products'],
                [t('sharing.report.cves'), report.cves.length ? <Group gap={4}>{report.cves.map((c) => <Badge key={c} size="sm" variant="outline" color="red" tt="none">{c}</Badge>)}</Group> : none, 'report-cves'],
              ]} />
            </InfoCard>
            <InfoCard title={t('sharing.report.similar')} testId="report-similar">
              {report.similar.length === 0 ? <Text size="sm" c="dimmed">{t('sharing.report.similarEmpty')}</Text> : (
                <Stack gap={6}>
                  {report.similar.map((s) => (
                    <Group key={s.id} gap="xs" wrap="nowrap">
                      <TlpBadge tlp={s.tlp} />
                      <Anchor component={Link} to={`/sharing/reports/${encodeURIComponent(s.id)}`} size="sm" style={{ flex: 1 }}>{s.title}</Anchor>
                      <Text size="xs" c="dimmed">{t('sharing.report.score', { score: s.score })}</Text>
                    </Group>
                  ))}
                </Stack>
              )}
            </InfoCard>
            {report.status === 'withdrawn' ? null : <Exports report={report} />}
            {canRevealOriginator(session) && !report.disclosedOriginator && report.status !== 'withdrawn' ? <Reveal report={report} /> : null}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** Unknown, withdrawn and not-permitted reports look the same (the server answers 404 for all three). */
function ReportNotFound() {
  const { t } = useTranslation();
  return (
    <Stack align="flex-start" gap="sm" data-testid="report-not-found">
      <Title order={2}>{t('sharing.report.notFound')}</Title>
      <Text c="dimmed">{t('sharing.report.notFoundLead')}</Text>
      <Anchor component={Link} to="/sharing/reports" size="sm">← {t('sharing.report.back')}</Anchor>
    </Stack>
  );
}

/** /sharing/reports/:id: what a member may read of a shared report, the thread, exports and the operator's reveal. */
export function ReportPage() {
  const { id = '' } = useParams();
  const q = useReport(id);
  if (q.isPending) return <Loading />;
  if (q.isError && q.error instanceof ApiError && q.error.status === 404) return <ReportNotFound />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <EmptyState message="" />;
  return <Detail report={q.data} />;
}
