import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, LoadError, Loading } from '../components/States.tsx';
import { formatDateTime } from '../lib/datetime.ts';
import { useInstitutionName } from '../lib/institution.ts';
import { useSession } from '../platform/api.ts';
import { type Institution, institutionsApi } from './api.ts';
import { canEditInstitution, canReadMembers } from './permissions.ts';

function Contact({ email, second }: { email: string | null; second: string | null }) {
  if (!email && !second) return <Text size="sm" c="dimmed">—</Text>;
  return (
    <Stack gap={0}>
      {email ? <Anchor href={`mailto:${email}`} size="sm">{email}</Anchor> : null}
      {second ? <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>{second}</Text> : null}
    </Stack>
  );
}

export function InstitutionsPage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const instName = useInstitutionName();
  const list = useQuery({ queryKey: ['institutions'], queryFn: institutionsApi.list });
  const row = (i: Institution) => (
    <Table.Tr key={i.id} data-testid={`institution-${i.code}`}>
      <Table.Td miw={220}>
        <Text size="sm" fw={500}>{instName(i)}</Text>
        <Text size="xs" c="dimmed">{i18n.language === 'en' ? i.nameJa : i.nameEn}</Text>
        <Group gap={6} mt={4} wrap="nowrap">
          <Text size="xs" ff="monospace" c="dimmed">{i.code}</Text>
          <Badge size="xs" variant="light" color={i.kind === 'operator' ? 'grape' : 'blue'}>{t(`institutionKind.${i.kind}`)}</Badge>
        </Group>
      </Table.Td>
      <Table.Td><Contact email={i.incidentDeskEmail} second={i.incidentDeskPhone} /></Table.Td>
      <Table.Td><Contact email={i.externalReportEmail} second={i.externalReportUrl} /></Table.Td>
      <Table.Td><Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatDateTime(i.updatedAt)}</Text></Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          {canEditInstitution(session, i.id) ? (
            <Button component={Link} to={`/institutions/${i.id}`} size="xs" variant="default">{t('common.edit')}</Button>
          ) : null}
          {canReadMembers(session, i.id) ? (
            <Button component={Link} to={`/institutions/${i.id}/members`} size="xs" variant="light">{t('institutions.members')}</Button>
          ) : null}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
  return (
    <Stack>
      <PageHeader
        title={t('institutions.title')}
        lead={t('institutions.lead')}
        actions={session.permissions.manageInstitutions ? (
          <Button component={Link} to="/institutions/new">{t('institutions.add')}</Button>
        ) : undefined}
      />
      {list.isPending ? <Loading /> : null}
      {list.isError ? <LoadError error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && list.data.items.length === 0 ? <EmptyState message={t('institutions.empty')} /> : null}
      {list.data && list.data.items.length > 0 ? (
        <Table.ScrollContainer minWidth={880}>
          <Table striped highlightOnHover withTableBorder bg="white">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('institutions.name')}</Table.Th>
                <Table.Th>{t('institutions.incidentDesk')}</Table.Th>
                <Table.Th>{t('institutions.externalDesk')}</Table.Th>
                <Table.Th>{t('institutions.updatedAt')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>{list.data.items.map(row)}</Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Stack>
  );
}
