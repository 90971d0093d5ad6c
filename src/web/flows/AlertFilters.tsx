import { Button, Group, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { CATEGORIES } from '../intel/api.ts';
import { useCategoryLabel } from '../intel/Badges.tsx';
import { type AlertFilter, type AlertStatus, PAGE_SIZE, URGENCIES, type Urgency } from './api.ts';
import { useInstitutions } from './shared.tsx';

const KEYS = ['urgency', 'category', 'institution', 'status', 'host', 'page'] as const;

/** The list filter lives in the address (?urgency=high&page=2), so back and reload keep it. */
export function useAlertFilter() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const filter: AlertFilter = {
    urgency: (params.get('urgency') as Urgency | null) ?? undefined,
    category: params.get('category') ?? undefined,
    institutionId: params.get('institution') ?? undefined,
    status: (params.get('status') as AlertStatus | null) ?? undefined,
    host: params.get('host') ?? undefined,
    page,
    pageSize: PAGE_SIZE,
  };
  const set = (key: (typeof KEYS)[number], value: string | null) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(key, value);
      else next.delete(key);
      if (key !== 'page') next.delete('page');
      return next;
    }, { replace: true });
  };
  const filtered = KEYS.some((k) => k !== 'page' && params.get(k));
  const clear = () => setParams(new URLSearchParams(), { replace: true });
  return { filter, set, filtered, clear };
}

interface Props {
  f: ReturnType<typeof useAlertFilter>;
  institutions: boolean;
  statuses?: readonly AlertStatus[] | undefined;
}

export function AlertFilters({ f, institutions, statuses }: Props) {
  const { t } = useTranslation();
  const categoryLabel = useCategoryLabel();
  const inst = useInstitutions(institutions);
  return (
    <Group align="flex-end" wrap="wrap" gap="sm">
      <Select label={t('flows.filter.urgency')} placeholder={t('flows.filter.allUrgencies')} clearable w={150} value={f.filter.urgency ?? null}
        onChange={(v) => f.set('urgency', v)} data={URGENCIES.map((u) => ({ value: u, label: t(`flows.urgency.${u}`) }))} data-testid="filter-urgency" />
      <Select label={t('flows.filter.category')} placeholder={t('flows.filter.allCategories')} clearable w={200} value={f.filter.category ?? null}
        onChange={(v) => f.set('category', v)} data={CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c) }))} data-testid="filter-category" />
      {institutions ? (
        <Select label={t('flows.filter.institution')} placeholder={t('flows.filter.allInstitutions')} clearable searchable w={260} value={f.filter.institutionId ?? null}
          onChange={(v) => f.set('institution', v)} data={inst.members.map((i) => ({ value: i.id, label: inst.nameOf(i.id) }))} data-testid="filter-institution" />
      ) : null}
      {statuses ? (
        <Select label={t('flows.filter.status')} placeholder={t('flows.filter.allStatuses')} clearable w={160} value={f.filter.status ?? null}
          onChange={(v) => f.set('status', v)} data={statuses.map((s) => ({ value: s, label: t(`flows.status.${s}`) }))} data-testid="filter-status" />
      ) : null}
      <TextInput label={t('flows.filter.host')} placeholder={t('flows.filter.hostPlaceholder')} w={180} defaultValue={f.filter.host ?? ''}
        key={f.filter.host ?? ''} onKeyDown={(e) => { if (e.key === 'Enter') f.set('host', e.currentTarget.value.trim() || null); }}
        onBlur={(e) => { if ((e.currentTarget.value.trim() || undefined) !== f.filter.host) f.set('host', e.currentTarget.value.trim() || null); }}
        data-testid="filter-host" />
      {f.filtered ? <Button variant="subtle" onClick={f.clear}>{t('flows.filter.clear')}</Button> : null}
    </Group>
  );
}
