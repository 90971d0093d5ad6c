import { Anchor, Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { AuditError as ErrorAlert } from './AuditError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, LoadError, Loading } from '../../components/States.tsx';
import { institutionsApi } from '../../consortium/api.ts';
import { useSession } from '../../platform/api.ts';
import { hasRole } from '../../shell/nav-types.ts';
import { chapterLabel, currentFiscalYear, percent } from '../shared.tsx';
import { type Named, auditKeys, auditsApi } from './api.ts';

interface DraftPair {
  auditorInstitutionId: string | null;
  auditeeInstitutionId: string | null;
}

const nameOf = (n: Named) => n.nameJa ?? n.code ?? n.id;

/** 相互監査の計画: the pairs of a fiscal year (auditor → auditee), the proposal for the next one, and the anonymous consortium view. */
export function AuditPlanPage() {
  const { t } = useTranslation();
  const session = useSession();
  const planner = hasRole(session, 'admin', 'coordinator') && (session.institution.kind !== 'member' || hasRole(session, 'coordinator'));
  const thisYear = currentFiscalYear();
  const [fy, setFy] = useState(thisYear);
  const years = Array.from({ length: 5 }, (_, i) => thisYear + 1 - i);
  // Members' managers see their own pairs; other people only the anonymous results below.
  const seesPlans = planner || (session.institution.kind === 'member' && hasRole(session, 'admin', 'ciso', 'coordinator'));
  const plans = useQuery({ queryKey: auditKeys.plans(fy), queryFn: () => auditsApi.plans(fy), enabled: seesPlans });
  const plan = plans.data?.items[0];

  return (
    <Stack>
      <PageHeader title={t('assessments.audits.plan.title')} lead={t('assessments.audits.plan.lead')} />
      <Select
        label={t('assessments.audits.plan.fiscalYear')} w={200} allowDeselect={false}
        data={years.map((y) => ({ value: String(y), label: t('assessments.audits.plan.fy', { year: y }) }))}
        value={String(fy)} onChange={(v) => v && setFy(Number(v))} data-testid="plan-fy"
      />
      {seesPlans && plans.isPending ? <Loading /> : null}
      {plans.isError ? <LoadError error={plans.error} onRetry={() => void plans.refetch()} /> : null}
      {plans.data && !plan ? (planner ? <PlanEditor key={fy} fiscalYear={fy} /> : <EmptyState message={t('assessments.audits.plan.empty')} />) : null}
      {plan ? (
        <Table withTableBorder bg="white" data-testid="plan-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('assessments.audits.plan.auditor')}</Table.Th>
              <Table.Th />
              <Table.Th>{t('assessments.audits.plan.auditee')}</Table.Th>
              <Table.Th>{t('assessments.audits.plan.audit')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {plan.pairs.map((p) => (
              <Table.Tr key={p.id} data-testid="plan-pair" data-auditor={p.auditor.code} data-auditee={p.auditee.code}>
                <Table.Td>{nameOf(p.auditor)}</Table.Td>
                <Table.Td>→</Table.Td>
                <Table.Td>{nameOf(p.auditee)}</Table.Td>
                <Table.Td>{p.auditId ? <Anchor component={Link} to={`/assessments/audits/${p.auditId}`} size="sm">{t('assessments.audits.plan.audit')}</Anchor> : <Badge variant="outline" color="gray">{t('assessments.audits.plan.notStarted')}</Badge>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      <AggregatesView fiscalYear={fy} />
    </Stack>
  );
}

function PlanEditor({ fiscalYear }: { fiscalYear: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [pairs, setPairs] = useState<DraftPair[]>([{ auditorInstitutionId: null, auditeeInstitutionId: null }]);
  const [note, setNote] = useState('');
  const institutions = useQuery({ queryKey: ['consortium', 'institutions'], queryFn: institutionsApi.list });
  const options = (institutions.data?.items ?? []).filter((i) => i.kind === 'member').map((i) => ({ value: i.id, label: i.nameJa }));
  const proposal = useMutation({
    mutationFn: () => auditsApi.proposal(fiscalYear),
    onSuccess: (p) => setPairs(p.pairs.map((x) => ({ auditorInstitutionId: x.auditor.id, auditeeInstitutionId: x.auditee.id }))),
  });
  const create = useMutation({
    mutationFn: () => auditsApi.createPlan({
      fiscalYear, ...(note.trim() ? { note: note.trim() } : {}),
      pairs: pairs.map((p) => ({ auditorInstitutionId: p.auditorInstitutionId ?? '', auditeeInstitutionId: p.auditeeInstitutionId ?? '' })),
    }),
    onSuccess: () => {
      notifications.show({ message: t('assessments.audits.plan.created', { year: fiscalYear }), color: 'teal' });
      void qc.invalidateQueries({ queryKey: auditKeys.all });
    },
  });
  const set = (i: number, patch: Partial<DraftPair>) => setPairs((ps) => ps.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <Stack bg="white" p="md" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }} data-testid="plan-editor">
      <Group justify="space-between">
        <Title order={4}>{t('assessments.audits.plan.newPlan')}</Title>
        <Button variant="light" onClick={() => proposal.mutate()} loading={proposal.isPending} data-testid="plan-propose">{t('assessments.audits.plan.propose')}</Button>
      </Group>
      {proposal.data ? <Text size="sm" c="dimmed">{t('assessments.audits.plan.proposalLead')}</Text> : null}
      <ErrorAlert error={proposal.error} />
      {pairs.map((p, i) => (
        <Group key={i} align="flex-end" data-testid="plan-draft-pair">
          <Select label={t('assessments.audits.plan.auditor')} data={options} value={p.auditorInstitutionId} onChange={(v) => set(i, { auditorInstitutionId: v })} w={260} data-testid="pair-auditor" />
          <Text pb={8}>→</Text>
          <Select label={t('assessments.audits.plan.auditee')} data={options} value={p.auditeeInstitutionId} onChange={(v) => set(i, { auditeeInstitutionId: v })} w={260} data-testid="pair-auditee" />
          <Button variant="subtle" color="red" onClick={() => setPairs((ps) => ps.filter((_, j) => j !== i))} disabled={pairs.length === 1}>{t('assessments.audits.plan.remove')}</Button>
        </Group>
      ))}
      <Group>
        <Button variant="default" onClick={() => setPairs((ps) => [...ps, { auditorInstitutionId: null, auditeeInstitutionId: null }])} data-testid="plan-add-pair">{t('assessments.audits.plan.addPair')}</Button>
      </Group>
      <TextInput label={t('assessments.audits.plan.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
      <ErrorAlert error={create.error} fields={['pairs']} />
      <Group justify="flex-end">
        <Button onClick={() => create.mutate()} loading={create.isPending} disabled={pairs.some((p) => !p.auditorInstitutionId || !p.auditeeInstitutionId)} data-testid="plan-create">{t('assessments.audits.plan.create')}</Button>
      </Group>
    </Stack>
  );
}

/** Anonymous consortium-wide results; nothing at all below the threshold of institutions. */
export function AggregatesView({ fiscalYear }: { fiscalYear: number }) {
  const { t } = useTranslation();
  const view = useQuery({ queryKey: ['audits', 'aggregates', fiscalYear], queryFn: () => auditsApi.aggregates(fiscalYear) });
  return (
    <Stack gap="xs" mt="md" data-testid="aggregates">
      <Title order={4}>{t('assessments.audits.plan.aggregates')}</Title>
      <Text size="sm" c="dimmed">{t('assessments.audits.plan.aggregatesLead')}</Text>
      {view.isError ? <LoadError error={view.error} /> : null}
      {view.data && !view.data.available ? <Text size="sm" data-testid="aggregates-unavailable">{t('assessments.audits.plan.notEnough')}</Text> : null}
      {view.data?.available ? (
        <>
          <Text size="sm">{t('assessments.audits.plan.contributors', { count: view.data.contributors ?? 0 })}</Text>
          <Table withTableBorder bg="white" maw={560}>
            <Table.Thead>
              <Table.Tr><Table.Th>{t('assessments.audits.plan.chapter')}</Table.Th><Table.Th>{t('assessments.audits.plan.rated')}</Table.Th><Table.Th>{t('assessments.audits.plan.share')}</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {view.data.chapters.map((c) => (
                <Table.Tr key={c.chapter} data-testid="aggregate-row"><Table.Td>{chapterLabel(t, c.chapter)}</Table.Td><Table.Td>{c.rated}</Table.Td><Table.Td>{percent(c.conformingShare)}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      ) : null}
    </Stack>
  );
}
