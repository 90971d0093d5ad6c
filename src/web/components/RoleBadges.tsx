import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type Role, CONSORTIUM_ROLES } from '../../common/roles.ts';

const isConsortium = (r: string) => (CONSORTIUM_ROLES as readonly string[]).includes(r);

export function useRoleLabel() {
  const { t } = useTranslation();
  return (role: string) => (isKnownRole(role) ? t(`roles.${role}`) : role);
}

export function isKnownRole(role: string): role is Role {
  return ['ciso', 'csirt', 'staff', 'auditor', 'sysadmin', 'admin', 'coordinator', 'operator'].includes(role);
}

export function RoleBadges({ roles }: { roles: readonly string[] }) {
  const label = useRoleLabel();
  if (roles.length === 0) return null;
  return (
    <Group gap={4}>
      {roles.map((r) => (
        <Badge key={r} size="sm" variant="light" color={isConsortium(r) ? 'grape' : r === 'admin' ? 'orange' : 'blue'}>
          {label(r)}
        </Badge>
      ))}
    </Group>
  );
}
