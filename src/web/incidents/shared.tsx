import { Badge, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type SessionInfo, useSession } from '../platform/api.ts';
import type { IncidentState, Severity } from './api.ts';

/** A page only some people have: others see why, not a broken page. */
export function RequireIncidents({ allow, children }: { allow: (s: SessionInfo) => boolean; children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  if (allow(session)) return <>{children}</>;
  return (
    <Stack align="flex-start" gap="xs" data-testid="forbidden">
      <Title order={2}>{t('incidents.guard.forbidden')}</Title>
      <Text c="dimmed">{t('incidents.guard.forbiddenLead')}</Text>
    </Stack>
  );
}

const STATUS_COLORS: Record<IncidentState, string> = { new: 'red', triage: 'orange', handling: 'blue', recovery: 'teal', closed: 'gray' };
const SEVERITY_COLORS: Record<Severity, string> = { low: 'gray', medium: 'yellow', high: 'orange', critical: 'red' };

export function StatusBadge({ status }: { status: IncidentState }) {
  const { t } = useTranslation();
  return <Badge color={STATUS_COLORS[status]} variant={status === 'closed' ? 'outline' : 'light'} data-testid="status-badge" data-status={status}>{t(`incidents.status.${status}`)}</Badge>;
}

export function SeverityBadge({ severity }: { severity: Severity | null }) {
  const { t } = useTranslation();
  if (!severity) return <Text size="sm" c="dimmed">—</Text>;
  return <Badge color={SEVERITY_COLORS[severity]} variant={severity === 'critical' ? 'filled' : 'light'} data-testid="severity-badge">{t(`incidents.severity.${severity}`)}</Badge>;
}
