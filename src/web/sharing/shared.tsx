import { Badge, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type SessionInfo, useSession } from '../platform/api.ts';
import type { Named, RedactionKind } from './api.ts';

/**
 * One colour per kind of redaction, the same in the text, the side list and the legend. Light
 * backgrounds with a strong underline keep the words readable while marked.
 */
export const KIND_COLORS: Record<RedactionKind, { color: string; bg: string; line: string }> = {
  person: { color: 'red', bg: '#ffc9c9', line: '#e03131' },
  institution: { color: 'violet', bg: '#e5dbff', line: '#7048e8' },
  email: { color: 'blue', bg: '#d0ebff', line: '#1c7ed6' },
  phone: { color: 'orange', bg: '#ffe8cc', line: '#f76707' },
  domain: { color: 'teal', bg: '#c3fae8', line: '#0ca678' },
  address: { color: 'grape', bg: '#f3d9fa', line: '#ae3ec9' },
  ip: { color: 'cyan', bg: '#c5f6fa', line: '#1098ad' },
  url: { color: 'indigo', bg: '#dbe4ff', line: '#4263eb' },
  id: { color: 'pink', bg: '#ffdeeb', line: '#d6336c' },
  account: { color: 'lime', bg: '#e9fac8', line: '#66a80f' },
};

export function KindBadge({ kind, size = 'sm' }: { kind: RedactionKind; size?: 'xs' | 'sm' }) {
  const { t } = useTranslation();
  return (
    <Badge size={size} variant="light" color={KIND_COLORS[kind].color} radius="sm" data-testid="kind-badge" data-kind={kind} style={{ flexShrink: 0 }}>
      {t(`sharing.kind.${kind}`)}
    </Badge>
  );
}

/** The name the server gives: 参加機関 / 報告機関 / a disclosed institution. */
export function useNamed() {
  const { i18n } = useTranslation();
  return (n: Named) => (i18n.language === 'en' ? n.en : n.ja);
}

/** An incident category as people know it, or as written when it is not one of ours. */
export function useCategory() {
  const { t, i18n } = useTranslation();
  return (c: string | null | undefined) => (!c ? '' : i18n.exists(`sharing.category.${c}`) ? t(`sharing.category.${c}` as 'sharing.category.other') : c);
}

/** Shows its children only to those the rule lets in; the server checks again. */
export function RequireSharing({ allow, children }: { allow: (s: SessionInfo) => boolean; children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  if (allow(session)) return <>{children}</>;
  return (
    <Stack align="flex-start" gap="xs" data-testid="forbidden">
      <Title order={2}>{t('sharing.guard.forbidden')}</Title>
      <Text c="dimmed">{t('sharing.guard.forbiddenLead')}</Text>
    </Stack>
  );
}
