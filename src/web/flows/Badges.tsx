import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AlertStatus, Urgency } from './api.ts';

const URGENCY_COLOR: Record<Urgency, string> = { urgent: 'red', high: 'orange', normal: 'yellow', low: 'gray' };

export function UrgencyBadge({ urgency, size = 'sm' }: { urgency: Urgency; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  return (
    <Badge size={size} color={URGENCY_COLOR[urgency]} variant={urgency === 'urgent' ? 'filled' : 'light'} data-testid="urgency-badge" data-urgency={urgency}>
      {t(`flows.urgency.${urgency}`)}
    </Badge>
  );
}

const STATUS_COLOR: Record<AlertStatus, string> = {
  review: 'violet', dismissed: 'gray', merged: 'gray', received: 'blue', acknowledged: 'cyan', investigating: 'indigo',
  mitigated: 'teal', not_affected: 'teal', closed: 'green',
};

export function StatusBadge({ status, size = 'sm' }: { status: AlertStatus; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  return (
    <Badge size={size} color={STATUS_COLOR[status]} variant="light" data-testid="status-badge" data-status={status}>
      {t(`flows.status.${status}`)}
    </Badge>
  );
}
