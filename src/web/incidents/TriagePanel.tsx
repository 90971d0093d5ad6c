import { Alert, Button, Checkbox, CloseButton, Group, NumberInput, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { fieldErrors } from '../lib/problem.ts';
import {
  type Asset, INCIDENT_CATEGORIES, type Incident, type IncidentCategory, type IncidentPatch, PERSONAL_DATA_KINDS, type PersonalDataKind, SEVERITIES, type Severity,
  incidentsApi, useIncidentMutation,
} from './api.ts';

type Decision = 'yes' | 'no' | 'pending';
const decisionOf = (v: boolean | null): Decision => (v === true ? 'yes' : v === false ? 'no' : 'pending');
const LEVELS = { confidentiality: 4, integrity: 2, availability: 3 } as const;

/** Triage: incident or not, category, severity, lead handler, affected systems and information, personal data. */
export function TriagePanel({ incident: i }: { incident: Incident }) {
  const { t } = useTranslation();
  const closed = i.status === 'closed';
  const [decision, setDecision] = useState<Decision>(decisionOf(i.isIncident));
  const [category, setCategory] = useState<IncidentCategory | null>(i.category);
  const [severity, setSeverity] = useState<Severity | null>(i.severity);
  const [handlerId, setHandlerId] = useState<string | null>(i.handler?.id ?? null);
  const [assets, setAssets] = useState<Asset[]>(i.assets);
  const [involved, setInvolved] = useState(i.personalData.involved);
  const [count, setCount] = useState<number | string>(i.personalData.count ?? '');
  const [kinds, setKinds] = useState<PersonalDataKind[]>(i.personalData.kinds);
  const [unauthorised, setUnauthorised] = useState(i.personalData.unauthorisedPurpose);
  const save = useIncidentMutation(i.id, () => {
    // The lead handler only when changed here: moving to triage names one on the server meanwhile.
    const patch: IncidentPatch = {
      isIncident: decision === 'pending' ? null : decision === 'yes', category, severity, ...(handlerId !== (i.handler?.id ?? null) ? { handlerId } : {}),
      assets: assets.filter((a) => a.name.trim()).map((a) => ({ ...a, name: a.name.trim() })),
      personalData: involved ? { involved, count: typeof count === 'number' ? count : null, kinds, unauthorisedPurpose: unauthorised } : { involved: false },
    };
    return incidentsApi.update(i.id, patch);
  }, () => notifications.show({ message: t('incidents.triage.saved'), color: 'teal' }));
  const errors = fieldErrors(save.error);
  const setAsset = (n: number, patch: Partial<Asset>) => setAssets((xs) => xs.map((a, k) => (k === n ? { ...a, ...patch } : a)));
  const level = (max: number) => [{ value: '', label: t('incidents.triage.classNone') }, ...Array.from({ length: max }, (_, k) => ({ value: String(k + 1), label: String(k + 1) }))];

  return (
    <Paper withBorder p="md" radius="md" data-testid="triage-panel">
      <fieldset disabled={closed} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack>
          <Text size="sm" c="dimmed">{t('incidents.triage.lead')}</Text>
          <Stack gap={4}>
            <Text size="sm" fw={500}>{t('incidents.triage.isIncident')}</Text>
            <SegmentedControl value={decision} onChange={(v) => setDecision(v as Decision)} disabled={closed} w="fit-content" data-testid="triage-decision"
              data={[{ value: 'yes', label: t('incidents.triage.yes') }, { value: 'no', label: t('incidents.triage.no') }, { value: 'pending', label: t('incidents.triage.pending') }]} />
          </Stack>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select label={t('incidents.triage.category')} value={category} onChange={(v) => setCategory(v as IncidentCategory | null)} clearable disabled={closed}
              data={INCIDENT_CATEGORIES.map((c) => ({ value: c, label: t(`incidents.category.${c}`) }))} error={errors.category} data-testid="triage-category" />
            <Select label={t('incidents.triage.severity')} value={severity} onChange={(v) => setSeverity(v as Severity | null)} clearable disabled={closed}
              data={SEVERITIES.map((s) => ({ value: s, label: t(`incidents.severity.${s}`) }))} error={errors.severity} data-testid="triage-severity" />
            <Select label={t('incidents.triage.handler')} value={handlerId} onChange={setHandlerId} clearable searchable disabled={closed}
              data={i.people.map((p) => ({ value: p.id, label: p.name ?? p.id }))} error={errors.handlerId} data-testid="triage-handler" />
          </SimpleGrid>

          <Title order={5} mt="xs">{t('incidents.triage.assets')}</Title>
          {assets.length === 0 ? <Text size="sm" c="dimmed">{t('incidents.triage.noAssets')}</Text> : (
            <Table.ScrollContainer minWidth={520}>
              <Table withTableBorder data-testid="triage-assets">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={100}>{t('incidents.triage.assetKind')}</Table.Th>
                    <Table.Th>{t('incidents.triage.assetName')}</Table.Th>
                    <Table.Th w={76}>{t('incidents.triage.confidentiality')}</Table.Th>
                    <Table.Th w={76}>{t('incidents.triage.integrity')}</Table.Th>
                    <Table.Th w={76}>{t('incidents.triage.availability')}</Table.Th>
                    <Table.Th w={40} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {assets.map((a, n) => (
                    <Table.Tr key={n} data-testid="asset-row">
                      <Table.Td>
                        <Select size="xs" value={a.kind} allowDeselect={false} onChange={(v) => v && setAsset(n, { kind: v as Asset['kind'] })} disabled={closed}
                          data={[{ value: 'system', label: t('incidents.triage.system') }, { value: 'information', label: t('incidents.triage.information') }]} />
                      </Table.Td>
                      <Table.Td>
                        <TextInput size="xs" value={a.name} placeholder={t('incidents.triage.assetNamePlaceholder')} maxLength={300} onChange={(e) => setAsset(n, { name: e.currentTarget.value })} data-testid="asset-name" />
                      </Table.Td>
                      {(Object.keys(LEVELS) as (keyof typeof LEVELS)[]).map((k) => (
                        <Table.Td key={k}>
                          <Select size="xs" value={a[k] === null ? '' : String(a[k])} allowDeselect={false} disabled={closed} data={level(LEVELS[k])}
                            aria-label={t(`incidents.triage.${k}`)} onChange={(v) => setAsset(n, { [k]: v ? Number(v) : null })} data-testid={`asset-${k}`} />
                        </Table.Td>
                      ))}
                      <Table.Td>{closed ? null : <CloseButton size="sm" aria-label={t('incidents.triage.removeAsset')} onClick={() => setAssets((xs) => xs.filter((_, k) => k !== n))} />}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {closed ? null : (
            <Group>
              <Button size="xs" variant="default" onClick={() => setAssets((xs) => [...xs, { kind: 'information', name: '', confidentiality: null, integrity: null, availability: null, note: null }])} data-testid="asset-add">
                {t('incidents.triage.addAsset')}
              </Button>
            </Group>
          )}

          <Title order={5} mt="xs">{t('incidents.triage.personal')}</Title>
          <Checkbox label={t('incidents.triage.personalInvolved')} checked={involved} onChange={(e) => setInvolved(e.currentTarget.checked)} data-testid="personal-involved" />
          {involved ? (
            <Stack gap="xs" pl="lg">
              <NumberInput label={t('incidents.triage.personalCount')} value={count} onChange={setCount} min={0} max={100_000_000} thousandSeparator="," w={200} error={errors.count} data-testid="personal-count" />
              <Checkbox.Group label={t('incidents.triage.personalKinds')} value={kinds} onChange={(v) => setKinds(v as PersonalDataKind[])}>
                <SimpleGrid cols={{ base: 1, sm: 2 }} mt={4} spacing={6}>
                  {PERSONAL_DATA_KINDS.map((k) => <Checkbox key={k} value={k} label={t(`incidents.personalKind.${k}`)} data-testid={`personal-kind-${k}`} />)}
                </SimpleGrid>
              </Checkbox.Group>
              <Checkbox label={t('incidents.triage.unauthorisedPurpose')} checked={unauthorised} onChange={(e) => setUnauthorised(e.currentTarget.checked)} data-testid="personal-unauthorised" />
            </Stack>
          ) : null}
          {i.personalData.involved ? (
            <Alert color={i.personalData.ppcCases.length ? 'red' : 'gray'} variant="light" data-testid="ppc-cases">
              {i.personalData.ppcCases.length ? t('incidents.triage.ppcCases', { cases: i.personalData.ppcCases.join('・') }) : t('incidents.triage.ppcNone')}
            </Alert>
          ) : null}
          <ErrorAlert error={save.error} fields={['category', 'severity', 'handlerId', 'count']} />
          {closed ? null : (
            <Group>
              <Button onClick={() => save.mutate(undefined)} loading={save.isPending} data-testid="triage-save">{t('incidents.triage.save')}</Button>
            </Group>
          )}
        </Stack>
      </fieldset>
    </Paper>
  );
}
