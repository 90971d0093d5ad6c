import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RegulationKind, Visibility } from './api.ts';

const KIND_COLOR: Record<RegulationKind, string> = { regulation: 'blue', standard: 'teal', library: 'grape' };

export function KindBadge({ kind }: { kind: RegulationKind }) {
  const { t } = useTranslation();
  return <Badge size="sm" variant="light" color={KIND_COLOR[kind]}>{t(`catalogs.kind.${kind}`)}</Badge>;
}

export function VisibilityBadge({ visibility }: { visibility: Visibility }) {
  const { t } = useTranslation();
  return (
    <Badge size="sm" variant={visibility === 'consortium' ? 'light' : 'outline'} color={visibility === 'consortium' ? 'green' : 'gray'} data-testid="visibility-badge">
      {t(`catalogs.visibility.${visibility}`)}
    </Badge>
  );
}

export function ConfidentialityBadge({ level }: { level: number }) {
  const { t } = useTranslation();
  const color = level >= 4 ? 'red' : level === 3 ? 'orange' : level === 2 ? 'yellow' : 'gray';
  return <Badge size="sm" variant="light" color={color}>{t('catalogs.confidentiality.level', { level })}</Badge>;
}

/** 第2版（令和8年改正） */
export function useVersionText() {
  const { t } = useTranslation();
  return (no: number | null, label: string | null) => (no === null ? '—' : `${t('catalogs.list.versionNo', { no })}${label ? `（${label}）` : ''}`);
}
