import { Checkbox, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CONSORTIUM_ROLES, INSTITUTION_ROLES, type Role } from '../../common/roles.ts';
import { isKnownRole } from '../components/RoleBadges.tsx';

interface Props {
  value: Role[];
  onChange: (roles: Role[]) => void;
  /**
   * Consortium roles (coordinator, operator) are granted only by consortium administrators:
   * 'edit' for them, 'readonly' to show roles a member already holds, 'hidden' otherwise.
   */
  consortium: 'edit' | 'readonly' | 'hidden';
  error?: string | undefined;
  label?: string;
}

export function RolePicker({ value, onChange, consortium, error, label }: Props) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group label={label} value={value} onChange={(v) => onChange(v.filter(isKnownRole))} error={error}>
      <Stack gap="xs" mt={6}>
        {consortium !== 'hidden' ? <Text size="xs" c="dimmed">{t('roleGroups.institution')}</Text> : null}
        <Group gap="md">
          {INSTITUTION_ROLES.map((r) => (
            <Checkbox key={r} value={r} label={t(`roles.${r}`)} data-testid={`role-${r}`} />
          ))}
        </Group>
        {consortium !== 'hidden' ? <Text size="xs" c="dimmed">{t('roleGroups.consortium')}</Text> : null}
        {consortium !== 'hidden' ? (
          <Group gap="md">
            {CONSORTIUM_ROLES.map((r) => (
              <Checkbox key={r} value={r} label={t(`roles.${r}`)} disabled={consortium === 'readonly'} data-testid={`role-${r}`} />
            ))}
          </Group>
        ) : null}
      </Stack>
    </Checkbox.Group>
  );
}
