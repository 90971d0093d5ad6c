import { Avatar, Badge, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { RoleBadges } from '../components/RoleBadges.tsx';
import { LOCALES, currentLocale } from '../i18n/index.ts';
import type { SessionInfo } from '../platform/api.ts';
import { useChangeLocale, useSignOut } from '../platform/hooks.ts';

const initials = (name: string) => name.trim().slice(0, 1).toUpperCase() || '?';

export function UserMenu({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  const changeLocale = useChangeLocale();
  const { user } = session;
  return (
    <Menu position="bottom-end" width={280} withArrow>
      <Menu.Target>
        <UnstyledButton aria-label={t('header.userMenu')} data-testid="user-menu">
          <Group gap="xs" wrap="nowrap">
            <Avatar size="sm" radius="xl" color="indigo">
              {initials(user.displayName)}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="xs" lineClamp={1}>
              {user.displayName}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="dark">
            {user.displayName}
          </Text>
          <Text size="xs" c="dimmed">
            {user.email}
          </Text>
          <Group mt={6}>
            <RoleBadges roles={session.roles} />
          </Group>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item component={Link} to="/settings">
          {t('nav.settings')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Label>{t('lang.label')}</Menu.Label>
        {LOCALES.map((l) => (
          <Menu.Item
            key={l}
            onClick={() => void changeLocale(l)}
            rightSection={currentLocale() === l ? <Badge size="xs">✓</Badge> : null}
            data-testid={`lang-${l}`}
          >
            {t(`lang.${l}`)}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item color="red" onClick={() => void signOut()} data-testid="sign-out">
          {t('header.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
