import { Anchor, Badge, Button, Group, Paper, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditError as ErrorAlert } from './AuditError.tsx';
import { EmptyState, LoadError, Loading } from '../../components/States.tsx';
import { useSession, useSessionQuery } from '../../platform/api.ts';
import { assessmentsApi } from '../api.ts';
import { useMembers } from '../shared.tsx';
import { FINDING_CATEGORIES, FINDING_STATES, type Audit, type EvidenceRequest, type Finding, type FindingCategory, type FindingState, auditEvidenceUrl, auditKeys, auditsApi } from './api.ts';

const itemOptions = (items: { id: string; citation: string }[] | undefined) => (items ?? []).map((i) => ({ value: i.id, label: i.citation }));

export function RequestsTab({ audit }: { audit: Audit }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const requests = useQuery({ queryKey: auditKeys.part(audit.id, 'requests'), queryFn: () => auditsApi.requests(audit.id) });
  const items = useQuery({ queryKey: auditKeys.part(audit.id, 'items'), queryFn: () => auditsApi.items(audit.id) });
  const [title, setTitle] = useState('');
  const [itemId, setItemId] = useState<string | null>(null);
  const [dueDate, setDueDate] = useState('');
  const [detail, setDetail] = useState('');
  const open = audit.status === 'fieldwork' || audit.status === 'reporting';
  const add = useMutation({
    mutationFn: () => auditsApi.addRequest(audit.id, { title, dueDate, ...(itemId ? { itemId } : {}), ...(detail.trim() ? { detail: detail.trim() } : {}) }),
    onSuccess: () => {
      setTitle(''); setDetail(''); setItemId(null);
      notifications.show({ message: t('assessments.audits.requests.added'), color: 'teal' });
      void qc.invalidateQueries({ queryKey: auditKeys.part(audit.id, 'requests') });
    },
  });
  return (
    <Stack>
      <Text size="sm" c="dimmed">{t('assessments.audits.requests.lead')}</Text>
      {audit.permissions.audit && open ? (
        <Paper withBorder p="md" data-testid="request-form">
          <Stack gap="xs">
            <Group grow align="flex-end">
              <TextInput label={t('assessments.audits.requests.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required data-testid="request-title" />
              <Select label={t('assessments.audits.requests.item')} data={itemOptions(items.data?.items)} value={itemId} onChange={setItemId} clearable data-testid="request-item" />
              <TextInput type="date" label={t('assessments.audits.requests.due')} value={dueDate} onChange={(e) => setDueDate(e.currentTarget.value)} required data-testid="request-due" />
            </Group>
            <Textarea label={t('assessments.audits.requests.detail')} value={detail} onChange={(e) => setDetail(e.currentTarget.value)} autosize minRows={1} />
            <Group><Button onClick={() => add.mutate()} disabled={!title.trim() || !dueDate} loading={add.isPending} data-testid="request-add">{t('assessments.audits.requests.add')}</Button></Group>
            <ErrorAlert error={add.error} />
          </Stack>
        </Paper>
      ) : null}
      {requests.isPending ? <Loading /> : null}
      {requests.isError ? <LoadError error={requests.error} /> : null}
      {requests.data && requests.data.items.length === 0 ? <EmptyState message={t('assessments.audits.requests.empty')} /> : null}
      {(requests.data?.items ?? []).map((r) => <RequestCard key={r.id} audit={audit} request={r} />)}
    </Stack>
  );
}

function RequestCard({ audit, request: r }: { audit: Audit; request: EvidenceRequest }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const csrf = useSessionQuery().data;
  const [linkTitle, setLinkTitle] = useState('');
  const [linkUrl, setLinkUrl] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const provide = useMutation({
    mutationFn: async (how: 'link' | 'file') => {
      const token = csrf && csrf.stage !== 'signed_out' ? csrf.csrfToken : null;
      const evidence = how === 'link' ? await assessmentsApi.linkEvidence({ title: linkTitle, url: linkUrl }) : await assessmentsApi.uploadEvidence(file!, file!.name, token);
      return auditsApi.provide(r.id, [evidence.id]);
    },
    onSuccess: () => {
      setLinkTitle(''); setLinkUrl(''); setFile(null);
      notifications.show({ message: t('assessments.audits.requests.providedDone'), color: 'teal' });
      void qc.invalidateQueries({ queryKey: auditKeys.part(audit.id, 'requests') });
    },
  });
  const canProvide = audit.permissions.respond && (audit.status === 'fieldwork' || audit.status === 'reporting');
  return (
    <Paper withBorder p="md" data-testid="request-card" data-status={r.status}>
      <Stack gap={6}>
        <Group justify="space-between">
          <Text size="sm" fw={600}>{r.citation ? `${r.citation}：` : ''}{r.title}</Text>
          <Group gap={6}>
            {r.overdue ? <Badge color="red" variant="filled">{t('assessments.audits.requests.overdue')}</Badge> : null}
            <Badge color={r.status === 'provided' ? 'teal' : 'orange'} variant="light">{t(`assessments.audits.requests.${r.status}`)}</Badge>
          </Group>
        </Group>
        <Text size="xs" c="dimmed">{t('assessments.audits.requests.due')}: {r.dueDate.replaceAll('-', '/')}{r.detail ? `　${r.detail}` : ''}</Text>
        {r.evidence.map((e) => (
          <Text key={e.id} size="sm" data-testid="request-evidence">
            {e.kind === 'link' && e.url ? <Anchor href={e.url} target="_blank" rel="noreferrer">{e.title}</Anchor> : <Anchor href={auditEvidenceUrl(audit.id, e.id, e.versionNo)}>{e.title}{e.filename ? `（${e.filename}）` : ''}</Anchor>}
            {e.expired ? <Badge ml={6} color="red" size="xs">期限切れ</Badge> : null}
          </Text>
        ))}
        {canProvide ? (
          <Stack gap={6}>
            <Group align="flex-end" grow>
              <TextInput size="xs" label={t('assessments.audits.requests.linkTitle')} value={linkTitle} onChange={(e) => setLinkTitle(e.currentTarget.value)} data-testid="provide-link-title" />
              <TextInput size="xs" label={t('assessments.audits.requests.linkUrl')} value={linkUrl} onChange={(e) => setLinkUrl(e.currentTarget.value)} placeholder="https://" data-testid="provide-link-url" />
              <Button size="xs" variant="light" onClick={() => provide.mutate('link')} disabled={!linkTitle.trim() || !linkUrl.trim()} loading={provide.isPending} data-testid="provide-link">{t('assessments.audits.requests.provideLink')}</Button>
            </Group>
            <Group align="flex-end">
              <input type="file" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} data-testid="provide-file-input" />
              <Button size="xs" variant="light" onClick={() => provide.mutate('file')} disabled={!file} loading={provide.isPending} data-testid="provide-file">{t('assessments.audits.requests.provideFile')}</Button>
            </Group>
            <ErrorAlert error={provide.error} />
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  );
}

const FINDING_COLOR: Record<FindingState, string> = { open: 'orange', in_progress: 'blue', done: 'teal', closed: 'dark' };

export function FindingsTab({ audit }: { audit: Audit }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const findings = useQuery({ queryKey: auditKeys.part(audit.id, 'findings'), queryFn: () => auditsApi.findings(audit.id) });
  const items = useQuery({ queryKey: auditKeys.part(audit.id, 'items'), queryFn: () => auditsApi.items(audit.id) });
  const [itemId, setItemId] = useState<string | null>(null);
  const [clause, setClause] = useState('');
  const [category, setCategory] = useState<FindingCategory>('minor_nc');
  const [description, setDescription] = useState('');
  const [evidence, setEvidence] = useState('');
  const add = useMutation({
    mutationFn: () => auditsApi.addFinding(audit.id, { category, description, ...(itemId ? { itemId } : {}), ...(clause.trim() ? { clause: clause.trim() } : {}), ...(evidence.trim() ? { evidence: evidence.trim() } : {}) }),
    onSuccess: () => {
      setDescription(''); setEvidence(''); setClause(''); setItemId(null);
      notifications.show({ message: t('assessments.audits.findings.added'), color: 'teal' });
      void qc.invalidateQueries({ queryKey: auditKeys.part(audit.id, 'findings') });
    },
  });
  const open = audit.status === 'fieldwork' || audit.status === 'reporting';
  return (
    <Stack>
      <Text size="sm" c="dimmed">{t('assessments.audits.findings.lead')}</Text>
      {audit.permissions.audit && open ? (
        <Paper withBorder p="md" data-testid="finding-form">
          <Stack gap="xs">
            <Group grow>
              <Select label={t('assessments.audits.findings.item')} data={itemOptions(items.data?.items)} value={itemId} onChange={setItemId} clearable data-testid="finding-item" />
              <TextInput label={t('assessments.audits.findings.clause')} value={clause} onChange={(e) => setClause(e.currentTarget.value)} data-testid="finding-clause" />
              <Select
                label={t('assessments.audits.findings.category')} allowDeselect={false}
                data={FINDING_CATEGORIES.map((c) => ({ value: c, label: t(`assessments.audits.rating.${c}`) }))}
                value={category} onChange={(v) => v && setCategory(v as FindingCategory)} data-testid="finding-category"
              />
            </Group>
            <Textarea label={t('assessments.audits.findings.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} required data-testid="finding-description" />
            <TextInput label={t('assessments.audits.findings.evidence')} value={evidence} onChange={(e) => setEvidence(e.currentTarget.value)} data-testid="finding-evidence" />
            <Group><Button onClick={() => add.mutate()} disabled={!description.trim()} loading={add.isPending} data-testid="finding-add">{t('assessments.audits.findings.add')}</Button></Group>
            <ErrorAlert error={add.error} />
          </Stack>
        </Paper>
      ) : null}
      {findings.isPending ? <Loading /> : null}
      {findings.isError ? <LoadError error={findings.error} /> : null}
      {findings.data && findings.data.items.length === 0 ? <EmptyState message={t('assessments.audits.findings.empty')} /> : null}
      {(findings.data?.items ?? []).map((f) => <FindingCard key={f.id} audit={audit} finding={f} />)}
    </Stack>
  );
}

function FindingCard({ audit, finding: f }: { audit: Audit; finding: Finding }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const members = useMembers(audit.permissions.respond && audit.status === 'response');
  const [response, setResponse] = useState(f.response ?? '');
  const [what, setWhat] = useState(f.action.what ?? '');
  const [ownerId, setOwnerId] = useState<string | null>(f.action.owner?.id ?? null);
  const [due, setDue] = useState(f.action.due ?? '');
  const [status, setStatus] = useState<FindingState | null>(null);
  const [note, setNote] = useState('');
  const refresh = () => void qc.invalidateQueries({ queryKey: auditKeys.part(audit.id, 'findings') });
  const respond = useMutation({
    mutationFn: () => auditsApi.respond(f.id, { response, ...(what.trim() ? { actionWhat: what.trim() } : {}), ...(ownerId ? { actionOwnerId: ownerId } : {}), ...(due ? { actionDue: due } : {}) }),
    onSuccess: () => { notifications.show({ message: t('assessments.audits.findings.responded'), color: 'teal' }); refresh(); },
  });
  const progress = useMutation({
    mutationFn: () => auditsApi.progress(f.id, { status: status!, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: () => { setNote(''); notifications.show({ message: t('assessments.audits.findings.progressed'), color: 'teal' }); refresh(); },
  });
  const nc = f.category !== 'observation';
  const session = useSession();
  // The auditee tracks its corrections during the response and after the audit closed.
  const auditee = audit.permissions.respond || (audit.status === 'closed' && session.institution.id === audit.auditee.id);
  return (
    <Paper withBorder p="md" data-testid="finding-card" data-category={f.category} data-status={f.status}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text size="sm"><Badge color={nc ? (f.category === 'major_nc' ? 'red' : 'orange') : 'yellow'} variant="light" mr={6}>{t(`assessments.audits.rating.${f.category}`)}</Badge><b>{f.clause ?? '—'}</b>　{f.description}</Text>
          <Badge color={FINDING_COLOR[f.status]} variant="light" style={{ flexShrink: 0 }} data-testid="finding-status">{t(`assessments.audits.findingStatus.${f.status}`)}</Badge>
        </Group>
        {f.evidence ? <Text size="xs" c="dimmed">{t('assessments.audits.findings.evidence')}: {f.evidence}</Text> : null}
        {f.response ? (
          <Paper bg="gray.0" p="xs" data-testid="finding-response">
            <Text size="sm"><b>{t('assessments.audits.findings.response')}:</b> {f.response}</Text>
            {f.action.what ? <Text size="sm">{t('assessments.audits.findings.actionWhat')}: {f.action.what}／{t('assessments.audits.findings.actionOwner')}: {f.action.owner?.name ?? '—'}／{t('assessments.audits.findings.actionDue')}: {f.action.due?.replaceAll('-', '/')}</Text> : null}
            {f.progressNote ? <Text size="xs" c="dimmed">{t('assessments.audits.findings.progress')}: {f.progressNote}</Text> : null}
          </Paper>
        ) : <Text size="xs" c="dimmed">{t('assessments.audits.findings.notAnswered')}</Text>}
        {audit.permissions.respond && audit.status === 'response' ? (
          <Stack gap={6} data-testid="response-form">
            <Textarea label={t('assessments.audits.findings.response')} value={response} onChange={(e) => setResponse(e.currentTarget.value)} autosize minRows={2} data-testid="response-text" />
            <Group grow align="flex-start">
              <TextInput label={t('assessments.audits.findings.actionWhat')} value={what} onChange={(e) => setWhat(e.currentTarget.value)} data-testid="response-what" />
              <Select label={t('assessments.audits.findings.actionOwner')} data={(members.data?.items ?? []).map((m) => ({ value: m.id, label: m.displayName }))} value={ownerId} onChange={setOwnerId} searchable data-testid="response-owner" />
              <TextInput type="date" label={t('assessments.audits.findings.actionDue')} value={due} onChange={(e) => setDue(e.currentTarget.value)} data-testid="response-due" />
            </Group>
            <Group><Button size="xs" onClick={() => respond.mutate()} disabled={!response.trim()} loading={respond.isPending} data-testid="response-save">{t(f.response ? 'assessments.audits.findings.respondAgain' : 'assessments.audits.findings.respond')}</Button></Group>
            <ErrorAlert error={respond.error} fields={[]} />
          </Stack>
        ) : null}
        {auditee && f.response && f.status !== 'closed' ? (
          <Group align="flex-end" gap="xs">
            <Select
              size="xs" w={200} label={t('assessments.audits.findings.status')}
              data={FINDING_STATES.filter((s) => s !== 'closed').map((s) => ({ value: s, label: t(`assessments.audits.findingStatus.${s}`) }))}
              value={status} onChange={(v) => setStatus(v as FindingState | null)} data-testid="progress-status"
            />
            <TextInput size="xs" style={{ flex: 1 }} label={t('assessments.audits.findings.progressNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-testid="progress-note" />
            <Button size="xs" variant="light" onClick={() => progress.mutate()} disabled={!status} loading={progress.isPending} data-testid="progress-save">{t('assessments.audits.findings.updateProgress')}</Button>
          </Group>
        ) : null}
        <ErrorAlert error={progress.error} />
      </Stack>
    </Paper>
  );
}
