import { Badge, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import type { SessionInfo } from '../platform/api.ts';
import { NAV_SECTIONS } from './nav.ts';
import type { NavEntry } from './nav-types.ts';

const pathOf = (e: NavEntry, s: SessionInfo) => (typeof e.to === 'function' ? e.to(s) : e.to);

function isActive(entry: NavEntry, path: string, current: string) {
  if (entry.end) return current === path;
  return current === path || current.startsWith(`${path}/`);
}

export function NavBar({ session, onNavigate }: { session: SessionInfo; onNavigate: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <ScrollArea type="auto" component="nav" aria-label={t('nav.main')}>
      <Stack gap="md" py="xs">
        {NAV_SECTIONS.map((section) => {
          const entries = section.entries.filter((e) => !e.visible || e.visible(session));
          if (entries.length === 0) return null;
          return (
            <Stack key={section.id} gap={2}>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm">
                {t(section.title)}
              </Text>
              {entries.map((entry) => {
                const path = pathOf(entry, session);
                if (entry.soon) {
                  return (
                    <NavLink
                      key={entry.key}
                      label={t(entry.label)}
                      disabled
                      rightSection={<Badge size="xs" variant="light" color="gray">{t('common.comingSoon')}</Badge>}
                    />
                  );
                }
                return (
                  <NavLink
                    key={entry.key}
                    component={Link}
                    to={path}
                    label={t(entry.label)}
                    active={isActive(entry, path, pathname)}
                    onClick={onNavigate}
                    data-testid={`nav-${entry.key}`}
                  />
                );
              })}
            </Stack>
          );
        })}
      </Stack>
    </ScrollArea>
  );
}
