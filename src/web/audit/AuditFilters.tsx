import { Button, Group, Paper, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { institutionsApi } from '../consortium/api.ts';
import { useInstitutionName } from '../lib/institution.ts';
import { type AuditFilter, EMPTY_FILTER } from './api.ts';

interface Props {
  value: AuditFilter;
  onApply: (f: AuditFilter) => void;
  /** Consortium administrators may read every institution's log. */
  allInstitutions: boolean;
}

export function AuditFilters({ value, onApply, allInstitutions }: Props) {
  const { t } = useTranslation();
  const instName = useInstitutionName();
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const institutions = useQuery({ queryKey: ['institutions'], queryFn: institutionsApi.list, enabled: allInstitutions });
  const field = (k: keyof AuditFilter) => ({
    value: draft[k],
    onChange: (e: { currentTarget: { value: string } }) => setDraft({ ...draft, [k]: e.currentTarget.value }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };
  return (
    <Paper withBorder p="md" radius="md">
      <form onSubmit={submit}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          <TextInput label={t('audit.q')} {...field('q')} data-testid="audit-q" />
          <TextInput label={t('audit.action')} placeholder={t('audit.actionHint')} {...field('action')} />
          <TextInput label={t('audit.objectType')} {...field('objectType')} />
          <TextInput label={t('audit.actor')} placeholder={t('audit.actorHint')} {...field('actorUserId')} />
          <TextInput label={t('audit.from')} type="date" {...field('from')} />
          <TextInput label={t('audit.to')} type="date" {...field('to')} />
          {allInstitutions ? (
            <Select label={t('audit.institution')} placeholder={t('audit.allInstitutions')} clearable searchable
              value={draft.institutionId || null} onChange={(v) => setDraft({ ...draft, institutionId: v ?? '' })}
              data={(institutions.data?.items ?? []).map((i) => ({ value: i.id, label: instName(i) }))} />
          ) : null}
        </SimpleGrid>
        <Group mt="md" gap="sm">
          <Button type="submit" data-testid="audit-search">{t('common.search')}</Button>
          <Button variant="default" onClick={() => onApply(EMPTY_FILTER)}>{t('common.clear')}</Button>
        </Group>
      </form>
    </Paper>
  );
}
