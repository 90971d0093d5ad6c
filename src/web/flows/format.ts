import { useTranslation } from 'react-i18next';

/** Minutes as people say them: 12分, 3時間5分, 2日4時間 (or min / h / d in English). */
export function useDuration() {
  const { t } = useTranslation();
  return (minutes: number | null | undefined): string => {
    if (minutes === null || minutes === undefined) return t('flows.metrics.none');
    if (minutes < 1) return t('flows.metrics.lessThanMinute');
    const total = Math.round(minutes);
    if (total < 60) return t('flows.metrics.minutes', { m: total });
    const d = Math.floor(total / 1440);
    const h = Math.floor((total % 1440) / 60);
    const m = total % 60;
    if (d > 0) return h ? t('flows.metrics.days', { d, h }) : t('flows.metrics.daysOnly', { d });
    return m ? t('flows.metrics.hours', { h, m }) : t('flows.metrics.hoursOnly', { h });
  };
}

/** 1,234 B · 12.3 KB · 4.5 MB · 1.2 GB (decimal units, as flow exporters count). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${v.toLocaleString()} B` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** A deadline passed and the alert still only received. */
export const isOverdue = (a: { status: string; ackDeadline: string | null }, now = Date.now()) =>
  a.status === 'received' && !!a.ackDeadline && Date.parse(a.ackDeadline) < now;
