import { Anchor, Badge, Button, Checkbox, Group, List, Paper, Radio, Select, SimpleGrid, Stack, Tabs, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { AuditError as ErrorAlert } from './AuditError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadError, Loading } from '../../components/States.tsx';
import { formatDateTime } from '../../lib/datetime.ts';
import { fieldErrors } from '../../lib/problem.ts';
import { useSession } from '../../platform/api.ts';
import { hasRole } from '../../shell/nav-types.ts';
import { AuditStatusBadge } from './AuditListPage.tsx';
import { FindingsTab, RequestsTab } from './AuditTabs.tsx';
import { AUDIT_RATINGS, type Audit, type AuditItem, type AuditRating, type AuditState, auditKeys, auditReportUrl, auditsApi } from './api.ts';

export const RATING_COLOR: Record<AuditRating, string> = { conforming: 'teal', minor_nc: 'orange', major_nc: 'red', observation: 'yellow', good_practice: 'blue' };

/** One audit: plan and scope (with both sides' acceptance and the state buttons), fieldwork, evidence requests, findings. */
export function AuditPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const audit = useQuery({ queryKey: auditKeys.audit(id), queryFn: () => auditsApi.get(id) });
  if (audit.isPending) return <Loading />;
  if (audit.isError) return <LoadError error={audit.error} onRetry={() => void audit.refetch()} />;
  const a = audit.data;
  const tabs = ['overview', ...(a.permissions.material ? ['fieldwork', 'requests', 'findings'] as const : [])] as const;
  const tab = tabs.includes(params.get('tab') as never) ? params.get('tab')! : 'overview';
  return (
    <Stack>
      <Anchor component={Link} to="/assessments/audits" size="sm">← {t('assessments.audits.detail.back')}</Anchor>
      <PageHeader
        title={a.title}
        lead={<Group gap="xs" component="span"><AuditStatusBadge status={a.status} /><span>{t(`assessments.audits.kind.${a.kind}`)}</span><span>{a.auditing.nameJa} → {a.auditee.nameJa}{a.auditee.department ? `（${a.auditee.department}）` : ''}</span></Group>}
        actions={a.permissions.material ? (
          <Group gap="xs">
            <Button component="a" href={auditReportUrl(a.id, 'pdf')} variant="default" size="xs" data-testid="report-pdf">{t('assessments.audits.detail.reportPdf')}</Button>
            <Button component="a" href={auditReportUrl(a.id, 'xlsx')} variant="default" size="xs" data-testid="report-xlsx">{t('assessments.audits.detail.reportXlsx')}</Button>
          </Group>
        ) : null}
      />
      <StateActions audit={a} />
      <Tabs value={tab} onChange={(v) => v && setParams({ tab: v })} keepMounted={false}>
        <Tabs.List>
          {tabs.map((k) => <Tabs.Tab key={k} value={k} data-testid={`tab-${k}`}>{t(`assessments.audits.detail.tabs.${k}`)}</Tabs.Tab>)}
        </Tabs.List>
        <Tabs.Panel value="overview" pt="md"><Overview audit={a} /></Tabs.Panel>
        <Tabs.Panel value="fieldwork" pt="md"><FieldworkTab audit={a} /></Tabs.Panel>
        <Tabs.Panel value="requests" pt="md"><RequestsTab audit={a} /></Tabs.Panel>
        <Tabs.Panel value="findings" pt="md"><FindingsTab audit={a} /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

const NEXT: Partial<Record<AuditState, 'fieldwork' | 'reporting' | 'issue' | 'close'>> = { planned: 'fieldwork', fieldwork: 'reporting', reporting: 'issue', response: 'close' };

/** The next step for whoever runs the audit; the server's refusal (scope not agreed, findings unanswered …) is shown as is. */
function StateActions({ audit }: { audit: Audit }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [summary, setSummary] = useState(audit.summary ?? '');
  const step = NEXT[audit.status];
  const move = useMutation({
    mutationFn: () => (step === 'issue' ? auditsApi.issueReport(audit.id, summary.trim() || undefined) : auditsApi.move(audit.id, step!)),
    onSuccess: (r) => {
      notifications.show({ message: t('assessments.audits.detail.moved', { status: t(`assessments.audits.status.${r.status}`) }), color: 'teal' });
      void qc.invalidateQueries({ queryKey: auditKeys.all });
    },
  });
  if (!step || !audit.permissions.run) return null;
  return (
    <Paper withBorder p="sm" data-testid="state-actions">
      <Stack gap="xs">
        {step === 'issue' ? (
          <>
            <Text size="sm" c="dimmed">{t('assessments.audits.detail.issueLead')}</Text>
            <Textarea label={t('assessments.audits.detail.summary')} value={summary} onChange={(e) => setSummary(e.currentTarget.value)} autosize minRows={2} data-testid="report-summary" />
          </>
        ) : null}
        <Group>
          <Button onClick={() => move.mutate()} loading={move.isPending} data-testid={`move-${step}`}>{t(`assessments.audits.detail.move.${step}`)}</Button>
        </Group>
        <ErrorAlert error={move.error} />
      </Stack>
    </Paper>
  );
}

function Overview({ audit }: { audit: Audit }) {
  const { t } = useTranslation();
  const session = useSession();
  const qc = useQueryClient();
  const p = audit.plan;
  const mySide = session.institution.id === audit.auditing.id || session.institution.id === audit.auditee.id;
  const accept = useMutation({
    mutationFn: () => auditsApi.acceptScope(audit.id),
    onSuccess: () => {
      notifications.show({ message: t('assessments.audits.detail.scopeAccepted'), color: 'teal' });
      void qc.invalidateQueries({ queryKey: auditKeys.all });
    },
  });
  const items = useQuery({ queryKey: auditKeys.part(audit.id, 'items'), queryFn: () => auditsApi.items(audit.id) });
  const side = (at: string | null) => (at ? <Badge color="teal" variant="light">{t('assessments.audits.detail.accepted', { at: formatDateTime(at) })}</Badge> : <Badge color="gray" variant="outline">{t('assessments.audits.detail.notAccepted')}</Badge>);
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md">
          <Stack gap={6}>
            <Text size="sm"><b>{t('assessments.audits.detail.auditing')}:</b> {audit.auditing.nameJa}</Text>
            <Text size="sm"><b>{t('assessments.audits.detail.auditee')}:</b> {audit.auditee.nameJa}{audit.auditee.department ? `（${audit.auditee.department}）` : ''}</Text>
            <Text size="sm"><b>{t('assessments.audits.detail.period')}:</b> {p.startDate.replaceAll('-', '/')} 〜 {p.endDate.replaceAll('-', '/')}</Text>
            <Text size="sm" data-testid="audit-team"><b>{t('assessments.audits.detail.team')}:</b> {audit.team.map((m) => `${m.name ?? '—'}${m.role === 'lead' ? t('assessments.audits.detail.leadMark') : ''}`).join('、')}</Text>
            <Text size="sm" fw={700}>{t('assessments.audits.detail.documents')}</Text>
            {p.documents.length ? <List size="sm">{p.documents.map((d) => <List.Item key={d}>{d}</List.Item>)}</List> : <Text size="sm" c="dimmed">{t('assessments.audits.detail.none')}</Text>}
            <Text size="sm" fw={700}>{t('assessments.audits.detail.hearings')}</Text>
            {p.hearings.length ? <List size="sm">{p.hearings.map((h) => <List.Item key={h.at + h.topic}>{formatDateTime(h.at)} {h.topic}{h.attendees ? `（${h.attendees}）` : ''}</List.Item>)}</List> : <Text size="sm" c="dimmed">{t('assessments.audits.detail.none')}</Text>}
          </Stack>
        </Paper>
        <Paper withBorder p="md" data-testid="scope-agreement" data-agreed={String(audit.scope.agreed)}>
          <Stack gap={6}>
            <Title order={5}>{t('assessments.audits.detail.scopeAgreement')}</Title>
            <Group gap="xs"><Text size="sm" w={120}>{t('assessments.audits.detail.auditorSide')}</Text>{side(audit.scope.auditorAcceptedAt)}</Group>
            <Group gap="xs"><Text size="sm" w={120}>{t('assessments.audits.detail.auditeeSide')}</Text>{side(audit.scope.auditeeAcceptedAt)}</Group>
            {audit.status === 'planned' && audit.kind !== 'internal' && mySide && hasRole(session, 'admin', 'ciso', 'coordinator') ? (
              <Group><Button variant="light" onClick={() => accept.mutate()} loading={accept.isPending} data-testid="scope-accept">{t('assessments.audits.detail.acceptScope')}</Button></Group>
            ) : null}
            <ErrorAlert error={accept.error} />
          </Stack>
        </Paper>
      </SimpleGrid>
      {audit.status === 'planned' && audit.permissions.run ? <PlanChange audit={audit} /> : null}
      <Title order={4}>{t('assessments.audits.detail.scope')}（{t('assessments.audits.detail.scopeItems', { count: audit.scope.items })}）</Title>
      {items.data && audit.status === 'planned' && audit.permissions.run ? <ScopeEditor audit={audit} items={items.data.items} /> : null}
      {items.data && !(audit.status === 'planned' && audit.permissions.run) ? (
        <List size="sm" spacing={4}>
          {items.data.items.map((i) => <List.Item key={i.id} data-testid="scope-item"><b>{i.citation}</b> {i.text}</List.Item>)}
        </List>
      ) : null}
    </Stack>
  );
}

/** While planned, whoever runs the audit changes the dates and the documents requested. */
function PlanChange({ audit }: { audit: Audit }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [startDate, setStartDate] = useState(audit.plan.startDate);
  const [endDate, setEndDate] = useState(audit.plan.endDate);
  const [documents, setDocuments] = useState(audit.plan.documents.join('\n'));
  const save = useMutation({
    mutationFn: () => auditsApi.update(audit.id, { startDate, endDate, documents: documents.split('\n').map((d) => d.trim()).filter(Boolean) }),
    onSuccess: () => {
      notifications.show({ message: t('assessments.audits.detail.planSaved'), color: 'teal' });
      void qc.invalidateQueries({ queryKey: auditKeys.all });
    },
  });
  const errors = fieldErrors(save.error);
  return (
    <Paper withBorder p="md" data-testid="plan-change">
      <Stack gap="xs">
        <Title order={5}>{t('assessments.audits.detail.planChange')}</Title>
        <Group grow>
          <TextInput type="date" label={t('assessments.audits.create.start')} value={startDate} onChange={(e) => setStartDate(e.currentTarget.value)} error={errors.startDate} data-testid="plan-start" />
          <TextInput type="date" label={t('assessments.audits.create.end')} value={endDate} onChange={(e) => setEndDate(e.currentTarget.value)} error={errors.endDate} data-testid="plan-end" />
        </Group>
        <Textarea label={t('assessments.audits.create.documents')} value={documents} onChange={(e) => setDocuments(e.currentTarget.value)} autosize minRows={2} data-testid="plan-documents" />
        <Group><Button size="xs" variant="light" onClick={() => save.mutate()} loading={save.isPending} data-testid="plan-save">{t('assessments.audits.detail.planSave')}</Button></Group>
        <ErrorAlert error={save.error} fields={['startDate', 'endDate']} />
      </Stack>
    </Paper>
  );
}

/** While planned, whoever runs the audit narrows the scope; both sides then accept it again. */
function ScopeEditor({ audit, items }: { audit: Audit; items: AuditItem[] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [kept, setKept] = useState<Set<string>>(() => new Set(items.map((i) => i.id)));
  const narrow = useMutation({
    mutationFn: () => auditsApi.update(audit.id, { scopeItemIds: items.filter((i) => kept.has(i.id)).map((i) => i.id) }),
    onSuccess: (a) => {
      notifications.show({ message: t('assessments.audits.detail.narrowed', { count: a.scope.items }), color: 'teal' });
      void qc.invalidateQueries({ queryKey: auditKeys.all });
    },
  });
  const toggle = (id: string, on: boolean) => setKept((s) => { const n = new Set(s); if (on) n.add(id); else n.delete(id); return n; });
  return (
    <Stack gap={6}>
      <Text size="sm" c="dimmed">{t('assessments.audits.detail.narrowLead')}</Text>
      {items.map((i) => (
        <Checkbox key={i.id} checked={kept.has(i.id)} onChange={(e) => toggle(i.id, e.currentTarget.checked)} label={<><b>{i.citation}</b> {i.text}</>} data-testid="scope-item" data-citation={i.citation} />
      ))}
      <Group>
        <Button size="xs" variant="light" onClick={() => narrow.mutate()} disabled={kept.size === 0 || kept.size === items.length} loading={narrow.isPending} data-testid="scope-narrow">{t('assessments.audits.detail.narrow')}</Button>
      </Group>
      <ErrorAlert error={narrow.error} />
    </Stack>
  );
}

function FieldworkTab({ audit }: { audit: Audit }) {
  const { t } = useTranslation();
  const items = useQuery({ queryKey: auditKeys.part(audit.id, 'items'), queryFn: () => auditsApi.items(audit.id) });
  const material = useQuery({ queryKey: auditKeys.part(audit.id, 'self-inspection'), queryFn: () => auditsApi.selfInspection(audit.id), enabled: audit.permissions.audit, retry: false });
  if (items.isPending) return <Loading />;
  if (items.isError) return <LoadError error={items.error} />;
  const editable = audit.permissions.audit && (audit.status === 'fieldwork' || audit.status === 'reporting');
  return (
    <Stack>
      {items.data.items.map((i) => (
        <ItemCard key={i.id} audit={audit} item={i} editable={editable} answers={material.data?.items.find((m) => m.itemId === i.id)?.answers} />
      ))}
    </Stack>
  );
}

function ItemCard({ audit, item, editable, answers }: { audit: Audit; item: AuditItem; editable: boolean; answers?: { resultLabel: string | null; comment: string | null; department: string | null }[] | undefined }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [rating, setRating] = useState<AuditRating | null>(item.rating?.value ?? null);
  const [comment, setComment] = useState(item.rating?.comment ?? '');
  const [noteKind, setNoteKind] = useState<'document_review' | 'hearing'>('document_review');
  const [note, setNote] = useState('');
  const refresh = () => void qc.invalidateQueries({ queryKey: auditKeys.part(audit.id, 'items') });
  const rate = useMutation({
    mutationFn: () => auditsApi.rate(audit.id, item.id, { rating: rating!, comment: comment.trim() || null }),
    onSuccess: () => { notifications.show({ message: t('assessments.audits.fieldwork.saved'), color: 'teal' }); refresh(); },
  });
  const addNote = useMutation({
    mutationFn: () => auditsApi.addNote(audit.id, item.id, { kind: noteKind, text: note }),
    onSuccess: () => { setNote(''); notifications.show({ message: t('assessments.audits.fieldwork.noteAdded'), color: 'teal' }); refresh(); },
  });
  return (
    <Paper withBorder p="md" data-testid="audit-item" data-citation={item.citation}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text size="sm"><b>{item.citation}</b> {item.text}</Text>
          {item.rating ? <Badge color={RATING_COLOR[item.rating.value]} variant="light" data-testid="rating-badge" data-rating={item.rating.value} style={{ flexShrink: 0 }}>{t(`assessments.audits.rating.${item.rating.value}`)}</Badge>
            : item.rating === null ? <Badge color="gray" variant="outline" style={{ flexShrink: 0 }}>{t('assessments.audits.fieldwork.notRated')}</Badge>
              : <Badge color="gray" variant="outline" style={{ flexShrink: 0 }} data-testid="rating-hidden">{t('assessments.audits.fieldwork.ratingAfterReport')}</Badge>}
        </Group>
        {item.rating ? <Text size="xs" c="dimmed">{t('assessments.audits.fieldwork.ratedBy', { name: item.rating.ratedBy.name ?? '—' })}・{formatDateTime(item.rating.ratedAt)}{item.rating.comment ? `：${item.rating.comment}` : ''}</Text> : null}
        {answers ? (
          <Text size="xs" c="dimmed" data-testid="self-inspection">
            {t('assessments.audits.fieldwork.selfInspection')}：{answers.length ? answers.map((a) => `${a.resultLabel ?? '—'}${a.department ? `（${a.department}）` : ''}${a.comment ? ` ${a.comment}` : ''}`).join(' / ') : t('assessments.audits.fieldwork.noAnswers')}
          </Text>
        ) : null}
        {editable ? (
          <Stack gap={6}>
            <Radio.Group label={t('assessments.audits.fieldwork.rating')} value={rating ?? ''} onChange={(v) => setRating(v as AuditRating)}>
              <Group gap="md" mt={4}>
                {AUDIT_RATINGS.map((r) => <Radio key={r} value={r} label={t(`assessments.audits.rating.${r}`)} data-testid={`rating-${r}`} />)}
              </Group>
            </Radio.Group>
            <Textarea label={t('assessments.audits.fieldwork.comment')} value={comment} onChange={(e) => setComment(e.currentTarget.value)} autosize minRows={1} data-testid="rating-comment" />
            <Group><Button size="xs" onClick={() => rate.mutate()} disabled={!rating} loading={rate.isPending} data-testid="rating-save">{t('assessments.audits.fieldwork.save')}</Button></Group>
            <ErrorAlert error={rate.error} />
          </Stack>
        ) : null}
        {(item.notes ?? []).length ? (
          <Stack gap={2} data-testid="notes">
            <Text size="xs" fw={700}>{t('assessments.audits.fieldwork.notes')}</Text>
            {item.notes!.map((n) => <Text key={n.id} size="xs" data-testid="note">【{t(`assessments.audits.noteKind.${n.kind}`)}】{n.text}（{n.author.name ?? '—'}・{formatDateTime(n.createdAt)}）</Text>)}
          </Stack>
        ) : null}
        {editable ? (
          <Group align="flex-end" gap="xs">
            <Select
              w={150} size="xs" allowDeselect={false} label={t('assessments.audits.fieldwork.noteKind')}
              data={(['document_review', 'hearing'] as const).map((k) => ({ value: k, label: t(`assessments.audits.noteKind.${k}`) }))}
              value={noteKind} onChange={(v) => v && setNoteKind(v as 'document_review' | 'hearing')} data-testid="note-kind"
            />
            <Textarea size="xs" style={{ flex: 1 }} autosize minRows={1} label={t('assessments.audits.fieldwork.noteText')} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-testid="note-text" />
            <Button size="xs" variant="light" onClick={() => addNote.mutate()} disabled={!note.trim()} loading={addNote.isPending} data-testid="note-add">{t('assessments.audits.fieldwork.addNote')}</Button>
          </Group>
        ) : null}
        <ErrorAlert error={addNote.error} />
      </Stack>
    </Paper>
  );
}
