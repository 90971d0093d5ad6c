import { ActionIcon, Badge, Button, Group, Paper, SegmentedControl, Select, Stack, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams } from 'react-router-dom';
import { ConfirmModal } from '../components/ConfirmModal.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { institutionsApi } from '../consortium/api.ts';
import { useInstitutions } from '../flows/shared.tsx';
import { isApiError } from '../lib/api.ts';
import { formatDateTime } from '../lib/datetime.ts';
import { useInstitutionName } from '../lib/institution.ts';
import { useSession } from '../platform/api.ts';
import { type Network, type NetworkKind, networksApi } from './api.ts';
import { canManageIntel, canManageNetworks, canReadNetworks } from './permissions.ts';

/** The server's refusal of a value, said the way the form says it. */
function useValueError(kind: NetworkKind) {
  const { t } = useTranslation();
  return (error: unknown): string | undefined => {
    if (!isApiError(error)) return undefined;
    if (error.code === 'conflict') return t('intel.networks.invalid.taken');
    if (error.code === 'validation' && error.fieldErrors.some((f) => f.path.endsWith('value'))) return t(`intel.networks.invalid.${kind}`);
    return undefined;
  };
}

function AddForm({ institutionId }: { institutionId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [kind, setKind] = useState<NetworkKind>('prefix');
  const [value, setValue] = useState('');
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const valueError = useValueError(kind);
  const add = useMutation({
    mutationFn: () => networksApi.add(institutionId, { kind, value: value.trim(), ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: async (r) => {
      notifications.show({ color: 'teal', message: t('intel.networks.added', { value: r.value }) });
      setValue('');
      setNote('');
      await qc.invalidateQueries({ queryKey: ['networks', institutionId] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMissing(!value.trim());
    if (value.trim()) add.mutate();
  };
  const fieldError = missing ? t('intel.networks.valueRequired') : valueError(add.error);
  return (
    <Paper withBorder radius="md" p="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={4}>{t('intel.networks.addTitle')}</Title>
          {add.error && !fieldError ? <ErrorAlert error={add.error} fields={['value']} /> : null}
          <Group align="flex-start" wrap="wrap">
            <Stack gap={4}>
              <Text size="sm" fw={500}>{t('intel.networks.kind')}</Text>
              <SegmentedControl value={kind} onChange={(v) => { setKind(v as NetworkKind); add.reset(); }} data-testid="network-kind"
                data={[{ value: 'prefix', label: t('intel.networks.prefix') }, { value: 'domain', label: t('intel.networks.domain') }]} />
            </Stack>
            <TextInput label={t('intel.networks.value')} required w={300} ff="monospace" value={value} error={fieldError}
              placeholder={kind === 'prefix' ? t('intel.networks.valuePrefixPlaceholder') : t('intel.networks.valueDomainPlaceholder')}
              onChange={(e) => { setValue(e.currentTarget.value); setMissing(false); add.reset(); }} data-testid="network-value" />
            <TextInput label={t('intel.networks.note')} w={280} placeholder={t('intel.networks.notePlaceholder')} value={note} maxLength={500}
              onChange={(e) => setNote(e.currentTarget.value)} data-testid="network-note" />
            <Button type="submit" mt={25} loading={add.isPending} data-testid="network-add">{t('intel.networks.add')}</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function NetworksView({ institutionId }: { institutionId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const session = useSession();
  const instName = useInstitutionName();
  const inst = useInstitutions(canManageIntel(session));
  const [removing, setRemoving] = useState<Network | null>(null);
  const manage = canManageNetworks(session, institutionId);
  const institution = useQuery({ queryKey: ['institutions', institutionId], queryFn: () => institutionsApi.get(institutionId) });
  const list = useQuery({ queryKey: ['networks', institutionId], queryFn: () => networksApi.list(institutionId) });
  const remove = useMutation({
    mutationFn: (n: Network) => networksApi.remove(n.id),
    onSuccess: async (_, n) => {
      notifications.show({ color: 'gray', message: t('intel.networks.removed', { value: n.value }) });
      setRemoving(null);
      await qc.invalidateQueries({ queryKey: ['networks', institutionId] });
    },
  });
  const name = institution.data ? instName(institution.data) : '';
  const items = list.data?.items ?? [];
  const picker = canManageIntel(session) ? (
    <Select aria-label={t('intel.networks.institution')} w={280} searchable value={institutionId} allowDeselect={false} data-testid="network-institution"
      onChange={(v) => v && void navigate(`/institutions/${encodeURIComponent(v)}/networks`)} data={inst.members.map((i) => ({ value: i.id, label: inst.nameOf(i.id) }))} />
  ) : undefined;
  return (
    <Stack>
      <PageHeader title={t('intel.networks.title')} lead={name ? t('intel.networks.lead', { institution: name }) : undefined} actions={picker} />
      {list.data ? (
        <Group gap="xs">
          <Badge variant="light">{t('intel.networks.prefixes', { count: items.filter((n) => n.kind === 'prefix').length })}</Badge>
          <Badge variant="light" color="grape">{t('intel.networks.domains', { count: items.filter((n) => n.kind === 'domain').length })}</Badge>
        </Group>
      ) : null}
      {!manage ? <Text size="sm" c="dimmed">{t('intel.networks.readOnly')}</Text> : null}
      {manage ? <AddForm institutionId={institutionId} /> : null}
      {list.isPending ? <Loading /> : null}
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && items.length === 0 ? <EmptyState message={t('intel.networks.empty')} /> : null}
      {items.length > 0 ? (
        <Table striped withTableBorder bg="white" data-testid="networks-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={140}>{t('intel.networks.kind')}</Table.Th>
              <Table.Th>{t('intel.networks.value')}</Table.Th>
              <Table.Th>{t('intel.networks.note')}</Table.Th>
              <Table.Th>{t('intel.networks.createdAt')}</Table.Th>
              {manage ? <Table.Th w={80} /> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((n) => (
              <Table.Tr key={n.id} data-testid="network-row" data-value={n.value}>
                <Table.Td><Badge size="sm" variant="light" color={n.kind === 'prefix' ? 'blue' : 'grape'}>{t(`intel.networks.${n.kind}`)}</Badge></Table.Td>
                <Table.Td><Text size="sm" ff="monospace">{n.value}</Text></Table.Td>
                <Table.Td><Text size="sm" c={n.note ? undefined : 'dimmed'}>{n.note ?? ''}</Text></Table.Td>
                <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatDateTime(n.createdAt)}</Text></Table.Td>
                {manage ? (
                  <Table.Td>
                    <Tooltip label={t('intel.networks.remove')}>
                      <ActionIcon variant="subtle" color="red" aria-label={t('intel.networks.remove')} onClick={() => setRemoving(n)} data-testid="network-remove">✕</ActionIcon>
                    </Tooltip>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      <ConfirmModal opened={!!removing} title={t('intel.networks.removeTitle')} danger loading={remove.isPending} error={remove.error}
        message={removing ? t('intel.networks.removeConfirm', { value: removing.value, institution: name }) : ''} confirmLabel={t('intel.networks.remove')}
        onConfirm={() => removing && remove.mutate(removing)} onClose={() => { setRemoving(null); remove.reset(); }} />
    </Stack>
  );
}

/** `/institutions/:id/networks`: an institution's registry (its own people, and the operator for every member). */
export function NetworksPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const session = useSession();
  if (!canReadNetworks(session, id)) {
    return (
      <Stack align="flex-start" gap="xs" data-testid="forbidden">
        <Title order={2}>{t('intel.guard.forbidden')}</Title>
      </Stack>
    );
  }
  return <NetworksView key={id} institutionId={id} />;
}

/** `/networks`: one's own institution, or for the operator (whose own has none) the first member. */
export function MyNetworks() {
  const session = useSession();
  const inst = useInstitutions(canManageIntel(session));
  if (!canManageIntel(session)) return <Navigate to={`/institutions/${encodeURIComponent(session.institution.id)}/networks`} replace />;
  const first = inst.members[0];
  return first ? <Navigate to={`/institutions/${encodeURIComponent(first.id)}/networks`} replace /> : <Loading />;
}
