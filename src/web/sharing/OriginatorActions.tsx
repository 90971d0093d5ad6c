import { Alert, Badge, Button, Group, Modal, Paper, Select, Stack, Text, Textarea, Timeline, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { TlpBadge } from '../intel/Badges.tsx';
import { formatDateTime } from '../lib/datetime.ts';
import { fieldErrors } from '../lib/problem.ts';
import { type AddendumDraft, type Draft, type ReportDetail, TLPS, type Tlp, sharingApi, sharingKeys } from './api.ts';
import { SingleTextReview, useReview } from './RedactionReview.tsx';
import { useNamed } from './shared.tsx';

const REASON_MIN = 5;
const rank = (t: Tlp) => TLPS.indexOf(t);

function useRefresh(reportId: string) {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: sharingKeys.report(reportId) }), qc.invalidateQueries({ queryKey: sharingKeys.draft(reportId) })]);
}

function Section({ title, lead, testId, children, danger }: { title: string; lead: string; testId: string; children: React.ReactNode; danger?: boolean }) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId} style={danger ? { borderLeft: '4px solid var(--mantine-color-red-6)' } : undefined}>
      <Stack gap="sm">
        <Title order={4}>{title}</Title>
        <Text size="sm" c="dimmed">{lead}</Text>
        {children}
      </Stack>
    </Paper>
  );
}

/**
 * Changing the label: the originator may choose any other label (wider or narrower); the operator only a
 * narrower one (src/core/sharing/tlp-change.ts). The server decides and its message is shown as it is.
 */
export function TlpChange({ report, asOperator }: { report: ReportDetail; asOperator: boolean }) {
  const { t } = useTranslation();
  const refresh = useRefresh(report.id);
  const [to, setTo] = useState<Tlp | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<'tlp' | 'reason' | null>(null);
  const choices = TLPS.filter((x) => x !== report.tlp && (!asOperator || rank(x) > rank(report.tlp)));
  const run = useMutation({
    mutationFn: () => sharingApi.changeTlp(report.id, to!, reason.trim()),
    onSuccess: async (r) => {
      notifications.show({ color: 'teal', message: t('sharing.manage.tlpDone', { tlp: `TLP:${r.tlp}` }) });
      setTo(null);
      setReason('');
      await refresh();
    },
  });
  const submit = () => {
    if (!to) return setProblem('tlp');
    if (reason.trim().length < REASON_MIN) return setProblem('reason');
    run.mutate();
  };
  if (choices.length === 0) return null;
  return (
    <Section title={t('sharing.manage.tlp')} lead={asOperator ? t('sharing.manage.operatorLead') : t('sharing.manage.tlpLead')} testId="tlp-change">
      <Group gap="xs"><Text size="sm">{t('sharing.manage.tlpCurrent')}</Text><TlpBadge tlp={report.tlp} /></Group>
      <Select label={t('sharing.manage.tlpTo')} value={to} onChange={(v) => { setTo(v as Tlp | null); setProblem(null); run.reset(); }} allowDeselect={false}
        data={choices.map((x) => ({ value: x, label: `TLP:${x}（${t(rank(x) > rank(report.tlp) ? 'sharing.manage.tighten' : 'sharing.manage.loosen')}）` }))}
        error={problem === 'tlp' ? t('sharing.manage.tlpPick') : undefined} data-testid="tlp-change-select" comboboxProps={{ withinPortal: true }} />
      <Textarea label={t('sharing.manage.reason')} placeholder={t('sharing.manage.tlpReasonPlaceholder')} autosize minRows={2} maxRows={6} maxLength={2000} value={reason}
        onChange={(e) => { setReason(e.currentTarget.value); setProblem(null); }}
        error={problem === 'reason' ? t('sharing.manage.reasonShort') : fieldErrors(run.error).reason} data-testid="tlp-change-reason" />
      <ErrorAlert error={run.error} fields={['reason']} />
      <Group justify="flex-end"><Button onClick={submit} loading={run.isPending} data-testid="tlp-change-submit">{t('sharing.manage.tlpSubmit')}</Button></Group>
    </Section>
  );
}

function AddendumReview({ draft, onBack, onDone }: { draft: AddendumDraft; onBack: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefresh(draft.reportId);
  const sources = useMemo(() => ({ text: { text: draft.original, proposals: draft.proposals } }), [draft]);
  const review = useReview(sources);
  const run = useMutation({
    mutationFn: () => sharingApi.publishAddendum(draft.reportId, draft.id, review.decision('text')),
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: t('sharing.manage.addendumDone') });
      onDone();
      await refresh();
    },
  });
  return (
    <Stack gap="sm">
      <SingleTextReview review={review} testId="addendum-review" />
      <ErrorAlert error={run.error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onBack}>{t('sharing.manage.addendumBack')}</Button>
        <Button onClick={() => run.mutate()} loading={run.isPending} data-testid="addendum-publish">{t('sharing.manage.addendumPublish')}</Button>
      </Group>
    </Stack>
  );
}

/** 追記: the text, then the same redaction review as the report, then publication with its date. */
export function Addendum({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const [draft, setDraft] = useState<AddendumDraft | null>(null);
  const prepare = useMutation({ mutationFn: () => sharingApi.draftAddendum(report.id, text.trim()), onSuccess: setDraft });
  const submit = () => {
    if (!text.trim()) return setMissing(true);
    prepare.mutate();
  };
  return (
    <Section title={t('sharing.manage.addendum')} lead={t('sharing.manage.addendumLead')} testId="addendum">
      {draft ? (
        <AddendumReview key={draft.id} draft={draft} onBack={() => setDraft(null)} onDone={() => { setDraft(null); setText(''); }} />
      ) : (
        <>
          <Textarea placeholder={t('sharing.manage.addendumPlaceholder')} autosize minRows={3} maxRows={10} maxLength={20_000} value={text}
            onChange={(e) => { setText(e.currentTarget.value); setMissing(false); }} error={missing ? t('sharing.manage.addendumRequired') : fieldErrors(prepare.error).text}
            data-testid="addendum-input" />
          <ErrorAlert error={prepare.error} fields={['text']} />
          <Group justify="flex-end"><Button onClick={submit} loading={prepare.isPending} data-testid="addendum-submit">{t('sharing.manage.addendumReview')}</Button></Group>
        </>
      )}
    </Section>
  );
}

/** 取り下げ: with a reason, after a confirmation that says others will no longer see the report. */
export function Withdraw({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const refresh = useRefresh(report.id);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [short, setShort] = useState(false);
  const run = useMutation({
    mutationFn: () => sharingApi.withdraw(report.id, reason.trim()),
    onSuccess: async () => {
      setOpen(false);
      notifications.show({ color: 'teal', message: t('sharing.manage.withdrawDone') });
      await refresh();
    },
  });
  const close = () => {
    setOpen(false);
    setShort(false);
    run.reset();
  };
  const submit = () => {
    if (reason.trim().length < REASON_MIN) return setShort(true);
    run.mutate();
  };
  return (
    <Section title={t('sharing.manage.withdraw')} lead={t('sharing.manage.withdrawLead')} testId="withdraw" danger>
      <Group><Button color="red" variant="light" onClick={() => setOpen(true)} data-testid="withdraw-open">{t('sharing.manage.withdrawOpen')}</Button></Group>
      <Modal opened={open} onClose={close} title={t('sharing.manage.withdrawTitle')} centered size="lg">
        <Stack>
          <Alert color="red" variant="light" data-testid="withdraw-warning">{t('sharing.manage.withdrawWarning')}</Alert>
          <ErrorAlert error={run.error} fields={['reason']} />
          <Textarea label={t('sharing.manage.reason')} placeholder={t('sharing.manage.withdrawReasonPlaceholder')} required autosize minRows={2} maxRows={6} maxLength={2000}
            value={reason} onChange={(e) => { setReason(e.currentTarget.value); setShort(false); }}
            error={short ? t('sharing.manage.reasonShort') : fieldErrors(run.error).reason} data-testid="withdraw-reason" data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('common.cancel')}</Button>
            <Button color="red" onClick={submit} loading={run.isPending} data-testid="withdraw-submit">{t('sharing.manage.withdrawSubmit')}</Button>
          </Group>
        </Stack>
      </Modal>
    </Section>
  );
}

/** The originator's record after publication as the server keeps it: who (報告機関 or 運営機関), what and why. */
export function History({ draft }: { draft: Draft }) {
  const { t } = useTranslation();
  const named = useNamed();
  const items = draft.history ?? [];
  return (
    <Paper withBorder radius="md" p="md" data-testid="report-history">
      <Stack gap="sm">
        <Title order={4}>{t('sharing.manage.history')}</Title>
        {items.length === 0 ? <Text size="sm" c="dimmed">{t('sharing.manage.historyEmpty')}</Text> : (
          <Timeline bulletSize={14} lineWidth={2}>
            {items.map((h, i) => (
              <Timeline.Item key={`${h.at}-${h.kind}-${i}`} data-testid="history-item" data-kind={h.kind}
                title={h.kind === 'tlp' ? t('sharing.manage.historyTlp', { from: `TLP:${h.from}`, to: `TLP:${h.to}` }) : h.kind === 'withdraw' ? t('sharing.manage.historyWithdraw') : t('sharing.manage.historyAddendum')}>
                <Group gap={6}>
                  <Text size="xs" c="dimmed">{formatDateTime(h.at)}</Text>
                  <Badge size="xs" variant="light" color={h.by.ja === '報告機関' ? 'violet' : 'orange'}>{named(h.by)}</Badge>
                </Group>
                {h.reason ? <Text size="sm" style={{ wordBreak: 'break-word' }}>{t('sharing.manage.historyReason', { reason: h.reason })}</Text> : null}
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Stack>
    </Paper>
  );
}
