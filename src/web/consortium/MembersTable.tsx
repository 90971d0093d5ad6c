import { Badge, Button, Group, Menu, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { RoleBadges } from '../components/RoleBadges.tsx';
import { formatDateTime } from '../lib/datetime.ts';
import type { Member } from './api.ts';

export type MemberAction = 'roles' | 'deactivate' | 'reactivate' | 'unlock';

interface Props {
  members: Member[];
  canManage: boolean;
  selfId: string;
  onAction: (action: MemberAction, member: Member) => void;
}

function Status({ m }: { m: Member }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      <Badge variant="light" color={m.status === 'active' ? 'teal' : 'gray'}>{t(`members.${m.status}`)}</Badge>
      {m.locked ? <Badge variant="light" color="red">{t('members.locked')}</Badge> : null}
    </Group>
  );
}

export function MembersTable({ members, canManage, selfId, onAction }: Props) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table striped highlightOnHover withTableBorder bg="white" data-testid="members-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('members.name')}</Table.Th>
            <Table.Th>{t('members.role')}</Table.Th>
            <Table.Th>{t('members.status')}</Table.Th>
            <Table.Th>{t('members.mfa')}</Table.Th>
            <Table.Th>{t('members.lastLogin')}</Table.Th>
            {canManage ? <Table.Th w={90}>{t('common.actions')}</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.map((m) => (
            <Table.Tr key={m.id} data-testid={`member-${m.email}`}>
              <Table.Td>
                <Stack gap={0}>
                  <Text size="sm" fw={500}>{m.displayName}</Text>
                  <Text size="xs" c="dimmed">{m.email}</Text>
                </Stack>
              </Table.Td>
              <Table.Td><RoleBadges roles={m.roles} /></Table.Td>
              <Table.Td><Status m={m} /></Table.Td>
              <Table.Td>
                <Text size="sm" c={m.mfaEnabled ? undefined : 'dimmed'}>{m.mfaEnabled ? t('mfa.statusOn') : t('mfa.statusOff')}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={m.lastLoginAt ? undefined : 'dimmed'}>{formatDateTime(m.lastLoginAt) || t('members.never')}</Text>
              </Table.Td>
              {canManage ? (
                <Table.Td>
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <Button size="xs" variant="default" data-testid="member-actions">{t('common.actions')}</Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => onAction('roles', m)}>{t('members.changeRoles')}</Menu.Item>
                      {m.locked ? <Menu.Item onClick={() => onAction('unlock', m)}>{t('members.unlock')}</Menu.Item> : null}
                      {m.status === 'active' ? (
                        <Menu.Item color="red" disabled={m.id === selfId} onClick={() => onAction('deactivate', m)}>
                          {t('members.deactivate')}
                        </Menu.Item>
                      ) : (
                        <Menu.Item onClick={() => onAction('reactivate', m)}>{t('members.reactivate')}</Menu.Item>
                      )}
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
