import { Anchor, Badge, Button, Group, Modal, Select, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { catalogsApi } from '../../catalogs/api.ts';
import { AuditError as ErrorAlert } from './AuditError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, LoadError, Loading } from '../../components/States.tsx';
import { fieldErrors } from '../../lib/problem.ts';
import { useSession } from '../../platform/api.ts';
import { hasRole } from '../../shell/nav-types.ts';
import { currentFiscalYear, useMembers } from '../shared.tsx';
import { type AuditKind, type AuditState, auditKeys, auditsApi } from './api.ts';

const STATUS_COLOR: Record<AuditState, string> = { planned: 'gray', fieldwork: 'blue', reporting: 'violet', response: 'orange', closed: 'dark' };

export function AuditStatusBadge({ status }: { status: AuditState }) {
  const { t } = useTranslation();
  return <Badge color={STATUS_COLOR[status]} variant="light" data-testid="audit-status" data-status={status}>{t(`assessments.audits.status.${status}`)}</Badge>;
}

/** 監査: audits of my institution, run by it, or with me on the team. */
export function AuditListPage() {
  const { t } = useTranslation();
  const session = useSession();
  const manager = hasRole(session, 'admin', 'ciso', 'coordinator');
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: [...auditKeys.all, 'list'], queryFn: auditsApi.list });
  const items = list.data?.items ?? [];
  return (
    <Stack>
      <PageHeader
        title={t('assessments.audits.list.title')} lead={t('assessments.audits.list.lead')}
        actions={manager ? <Button onClick={() => setCreating(true)} data-testid="audit-create">{t('assessments.audits.list.create')}</Button> : null}
      />
      {list.isPending ? <Loading /> : null}
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && items.length === 0 ? <EmptyState message={t('assessments.audits.list.empty')} /> : null}
      {items.length > 0 ? (
        <Table striped withTableBorder bg="white" data-testid="audits-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('assessments.audits.list.colTitle')}</Table.Th>
              <Table.Th>{t('assessments.audits.list.colKind')}</Table.Th>
              <Table.Th>{t('assessments.audits.list.colStatus')}</Table.Th>
              <Table.Th>{t('assessments.audits.list.colPeriod')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((a) => (
              <Table.Tr key={a.id} data-testid="audit-row" data-id={a.id}>
                <Table.Td><Anchor component={Link} to={`/assessments/audits/${a.id}`} size="sm" fw={500}>{a.title}</Anchor></Table.Td>
                <Table.Td><Text size="sm">{t(`assessments.audits.kind.${a.kind}`)}{a.department ? `（${a.department}）` : ''}</Text></Table.Td>
                <Table.Td><AuditStatusBadge status={a.status} /></Table.Td>
                <Table.Td><Text size="sm">{a.startDate.replaceAll('-', '/')} 〜 {a.endDate.replaceAll('-', '/')}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      {creating ? <CreateAuditModal onClose={() => setCreating(false)} /> : null}
    </Stack>
  );
}

interface TeamRow {
  userId: string | null;
  role: 'lead' | 'member';
  departments: string;
}

function CreateAuditModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const session = useSession();
  const fy = currentFiscalYear();
  const [kind, setKind] = useState<AuditKind>('mutual');
  const [title, setTitle] = useState(`${fy}年度 相互監査`);
  const [pairId, setPairId] = useState<string | null>(null);
  const [previousAuditId, setPreviousAuditId] = useState<string | null>(null);
  const [department, setDepartment] = useState('');
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [startDate, setStartDate] = useState('');
  const [endDate, setEndDate] = useState('');
  const [team, setTeam] = useState<TeamRow[]>([{ userId: null, role: 'lead', departments: '' }]);
  const [documents, setDocuments] = useState('');
  const [hearingAt, setHearingAt] = useState('');
  const [hearingTopic, setHearingTopic] = useState('');
  const templates = useQuery({ queryKey: ['catalogs', 'checklists'], queryFn: catalogsApi.checklists });
  const members = useMembers(true);
  const plans = useQuery({ queryKey: auditKeys.plans(fy), queryFn: () => auditsApi.plans(fy) });
  const pairs = (plans.data?.items ?? []).flatMap((p) => p.pairs).filter((p) => p.auditor.id === session.institution.id && !p.auditId);
  const followable = useQuery({ queryKey: [...auditKeys.all, 'followable'], queryFn: auditsApi.followable, enabled: kind === 'follow_up' });
  const previousOptions = (followable.data?.items ?? []).map((a) => ({
    value: a.id,
    label: `${a.title}（${a.auditee.nameJa}${a.auditee.department ? ` ${a.auditee.department}` : ''}・${t(`assessments.audits.status.${a.status}`)}・${t('assessments.audits.create.openFindings', { count: a.openFindings })}）`,
  }));
  const chooseKind = (k: AuditKind) => {
    setKind(k);
    setTitle(`${fy}年度 ${t(`assessments.audits.kind.${k}`)}`);
  };
  const create = useMutation({
    mutationFn: () => auditsApi.create({
      kind, title, fiscalYear: fy,
      ...(kind === 'mutual' ? { pairId: pairId ?? '', templateId: templateId ?? '' } : kind === 'internal' ? { auditeeDepartment: department, templateId: templateId ?? '' } : { previousAuditId: previousAuditId ?? '' }),
      team: team.filter((m) => m.userId).map((m) => {
        const departments = m.departments.split(/[、,]/).map((d) => d.trim()).filter(Boolean);
        return { userId: m.userId!, role: m.role, ...(departments.length ? { departments } : {}) };
      }),
      startDate, endDate,
      documents: documents.split('\n').map((d) => d.trim()).filter(Boolean),
      // datetime-local is JST in the UI; the server takes an offset.
      ...(hearingAt && hearingTopic.trim() ? { hearings: [{ at: `${hearingAt}:00+09:00`, topic: hearingTopic.trim() }] } : {}),
    }),
    onSuccess: (a) => {
      notifications.show({ message: t('assessments.audits.create.created'), color: 'teal' });
      void qc.invalidateQueries({ queryKey: auditKeys.all });
      navigate(`/assessments/audits/${a.id}`);
    },
  });
  const errors = fieldErrors(create.error);
  const memberOptions = (members.data?.items ?? []).map((m) => ({ value: m.id, label: m.displayName }));
  const setRow = (i: number, patch: Partial<TeamRow>) => setTeam((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Modal opened onClose={onClose} title={t('assessments.audits.create.title')} size="xl">
      <form onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
        <Stack>
          <Group grow>
            <Select
              label={t('assessments.audits.create.kind')} allowDeselect={false}
              data={(['mutual', 'internal', 'follow_up'] as const).map((k) => ({ value: k, label: t(`assessments.audits.kind.${k}`) }))}
              value={kind} onChange={(v) => v && chooseKind(v as AuditKind)} data-testid="audit-kind"
            />
            <TextInput label={t('assessments.audits.create.name')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required error={errors.title} data-testid="audit-title" />
          </Group>
          {kind === 'mutual' ? (
            <>
              <Select
                label={t('assessments.audits.create.pair')} required error={errors.pairId}
                data={pairs.map((p) => ({ value: p.id, label: `${p.auditor.nameJa} → ${p.auditee.nameJa}` }))}
                value={pairId} onChange={setPairId} data-testid="audit-pair"
              />
              {plans.data && pairs.length === 0 ? <Text size="sm" c="orange.8">{t('assessments.audits.create.noPairs')}</Text> : null}
            </>
          ) : kind === 'internal' ? (
            <TextInput label={t('assessments.audits.create.department')} value={department} onChange={(e) => setDepartment(e.currentTarget.value)} required error={errors.auditeeDepartment} data-testid="audit-department" />
          ) : (
            <>
              <Select
                label={t('assessments.audits.create.previous')} required error={errors.previousAuditId}
                data={previousOptions}
                value={previousAuditId} onChange={setPreviousAuditId} data-testid="audit-previous"
              />
              {followable.data ? <Text size="sm" c={previousOptions.length ? 'dimmed' : 'orange.8'}>{t(previousOptions.length ? 'assessments.audits.create.previousLead' : 'assessments.audits.create.noPrevious')}</Text> : null}
            </>
          )}
          {kind !== 'follow_up' ? (
            <Select
              label={t('assessments.audits.create.template')} required searchable error={errors.templateId}
              data={(templates.data?.items ?? []).map((c) => ({ value: c.id, label: c.title }))}
              value={templateId} onChange={setTemplateId} data-testid="audit-template"
            />
          ) : null}
          <Group grow>
            <TextInput type="date" label={t('assessments.audits.create.start')} value={startDate} onChange={(e) => setStartDate(e.currentTarget.value)} required error={errors.startDate} data-testid="audit-start" />
            <TextInput type="date" label={t('assessments.audits.create.end')} value={endDate} onChange={(e) => setEndDate(e.currentTarget.value)} required error={errors.endDate} data-testid="audit-end" />
          </Group>
          <Text fw={600} size="sm">{t('assessments.audits.create.team')}</Text>
          {team.map((m, i) => (
            <Group key={i} grow align="flex-end" data-testid="team-row">
              <Select label={t('assessments.audits.create.member')} data={memberOptions} value={m.userId} onChange={(v) => setRow(i, { userId: v })} searchable data-testid="team-user" />
              <Select
                label={t('assessments.audits.create.role')} allowDeselect={false}
                data={[{ value: 'lead', label: t('assessments.audits.create.lead') }, { value: 'member', label: t('assessments.audits.create.memberRole') }]}
                value={m.role} onChange={(v) => v && setRow(i, { role: v as 'lead' | 'member' })} data-testid="team-role"
              />
              <TextInput label={t('assessments.audits.create.departments')} value={m.departments} onChange={(e) => setRow(i, { departments: e.currentTarget.value })} data-testid="team-departments" />
            </Group>
          ))}
          <Group>
            <Button variant="default" size="xs" onClick={() => setTeam((rows) => [...rows, { userId: null, role: 'member', departments: '' }])} data-testid="team-add">{t('assessments.audits.create.addMember')}</Button>
          </Group>
          <Textarea label={t('assessments.audits.create.documents')} value={documents} onChange={(e) => setDocuments(e.currentTarget.value)} autosize minRows={2} data-testid="audit-documents" />
          <Group grow>
            <TextInput type="datetime-local" label={t('assessments.audits.create.hearingAt')} value={hearingAt} onChange={(e) => setHearingAt(e.currentTarget.value)} data-testid="hearing-at" />
            <TextInput label={t('assessments.audits.create.hearingTopic')} value={hearingTopic} onChange={(e) => setHearingTopic(e.currentTarget.value)} data-testid="hearing-topic" />
          </Group>
          <ErrorAlert error={create.error} fields={['title', 'pairId', 'auditeeDepartment', 'previousAuditId', 'templateId', 'startDate', 'endDate', 'team']} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={create.isPending} disabled={(kind === 'follow_up' ? !previousAuditId : !templateId) || !team.some((m) => m.userId)} data-testid="audit-create-submit">{t('assessments.audits.create.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
