import { Alert, Button, Group, Paper, Select, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { LoadError, Loading } from '../components/States.tsx';
import { institutionsApi } from '../consortium/api.ts';
import { formatDateTime } from '../lib/datetime.ts';
import { useInstitutionName } from '../lib/institution.ts';
import { useSession } from '../platform/api.ts';
import { catalogsApi } from './api.ts';
import { ConfidentialityBadge, KindBadge, VisibilityBadge } from './Badges.tsx';
import { ChecklistModal } from './ChecklistModal.tsx';
import { ClauseBrowser } from './ClauseBrowser.tsx';
import { DiffPanel, useVersionOption } from './DiffPanel.tsx';
import { canManageRegulations } from './permissions.ts';
import { countClauses } from './tree-view.ts';
import { UnplacedLines } from './UnplacedLines.tsx';
import { VisibilityModal } from './VisibilityModal.tsx';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">{label}</Text>
      <div>{children}</div>
    </Stack>
  );
}

/** A fresh page per document, so its local state (diff open, selection, search) never carries over. */
export function RegulationDetailRoute() {
  const { id = '' } = useParams();
  return <RegulationDetailPage key={id} id={id} />;
}

/** 規程の詳細: facts, version selector, the clause tree, and what can be done with the document. */
function RegulationDetailPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const instName = useInstitutionName();
  const versionOption = useVersionOption();
  const [params, setParams] = useSearchParams();
  const versionId = params.get('v') ?? undefined;
  const [showDiff, setShowDiff] = useState(params.get('diff') === '1');
  const [visibilityOpen, setVisibilityOpen] = useState(false);
  const [checklistOpen, setChecklistOpen] = useState(false);
  const [selected, setSelected] = useState<Set<string> | null>(null);
  const [query, setQuery] = useState('');

  const reg = useQuery({
    queryKey: ['catalogs', 'detail', id, versionId ?? 'current'],
    queryFn: () => catalogsApi.get(id, versionId),
    // While another version loads, keep showing this document (never another one).
    placeholderData: (previous) => (previous?.id === id ? previous : undefined),
  });
  const institutions = useQuery({ queryKey: ['institutions'], queryFn: institutionsApi.list, staleTime: 300_000 });

  if (reg.isPending) return <Loading />;
  if (reg.isError) return <LoadError error={reg.error} onRetry={() => void reg.refetch()} />;
  const r = reg.data;
  const latest = r.versions[0];
  const isLatest = !latest || r.version.id === latest.id;
  const shown = r.versions.find((v) => v.id === r.version.id);
  const institution = institutions.data?.items.find((i) => i.id === r.institutionId);
  const mayManageAny = canManageRegulations(session);

  const setVersion = (v: string | null) => {
    const p = new URLSearchParams(params);
    if (!v || v === latest?.id) p.delete('v');
    else p.set('v', v);
    p.delete('diff');
    setParams(p, { replace: true });
    setSelected(null);
  };

  return (
    <Stack>
      <Stack gap={6}>
        <Title order={2} data-testid="regulation-title">{r.title}</Title>
        <Group gap={6}>
          <KindBadge kind={r.kind} />
          <VisibilityBadge visibility={r.visibility} />
          <ConfidentialityBadge level={r.confidentiality} />
        </Group>
      </Stack>

      <Paper withBorder radius="md" p="md" bg="white">
        <Group gap="xl" align="flex-start" wrap="wrap">
          <Fact label={t('catalogs.detail.institution')}><Text size="sm">{institution ? instName(institution) : r.own ? instName(session.institution) : '—'}</Text></Fact>
          <Fact label={t('catalogs.detail.clauseCount')}><Text size="sm">{countClauses(r.clauses).toLocaleString()}</Text></Fact>
          <Fact label={t('catalogs.detail.source')}>
            <Text size="sm" style={{ wordBreak: 'break-all' }}>
              {shown?.sourceFilename ?? '—'}{shown ? `（${t(`catalogs.format.${shown.sourceFormat as 'text'}`, { defaultValue: shown.sourceFormat })}）` : ''}
            </Text>
          </Fact>
          <Fact label={t('catalogs.detail.updated')}><Text size="sm">{formatDateTime(shown?.importedAt)}</Text></Fact>
        </Group>
      </Paper>

      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Select
          label={t('catalogs.detail.version')}
          data={r.versions.map((v) => ({ value: v.id, label: `${versionOption(v)}${v.id === latest?.id ? ` ・${t('catalogs.detail.latest')}` : ''}` }))}
          value={r.version.id}
          onChange={setVersion}
          allowDeselect={false}
          w={380}
          data-testid="version-select"
        />
        <Group gap="xs" wrap="wrap">
          <Button component={Link} to={`/catalogs/compare?source=${r.id}`} data-testid="detail-compare">{t('catalogs.detail.compareWith')}</Button>
          <Tooltip label={t('catalogs.diff.onlyOne')} disabled={r.versions.length > 1} multiline w={260}>
            <Button variant={showDiff ? 'light' : 'default'} onClick={() => setShowDiff((s) => !s)} disabled={r.versions.length < 2} data-testid="detail-diff">
              {t('catalogs.detail.compareVersions')}
            </Button>
          </Tooltip>
          {mayManageAny ? (
            <Button variant="default" onClick={() => setChecklistOpen(true)} data-testid="detail-checklist">{t('catalogs.detail.makeChecklist')}</Button>
          ) : null}
          {r.canManage ? (
            <>
              <Button variant="default" onClick={() => setVisibilityOpen(true)} data-testid="detail-visibility">{t('catalogs.detail.changeVisibility')}</Button>
              <Button component={Link} to={`/catalogs/import?regulationId=${r.id}`} variant="default">{t('catalogs.detail.newVersion')}</Button>
            </>
          ) : null}
        </Group>
      </Group>

      {!r.own ? <Alert variant="light" color="blue"><Text size="sm">{t('catalogs.detail.readOnly')}</Text></Alert> : null}
      {!isLatest ? <Alert variant="light" color="yellow" data-testid="old-version"><Text size="sm">{t('catalogs.detail.oldVersion')}</Text></Alert> : null}
      {showDiff ? <DiffPanel regulationId={r.id} versions={r.versions} intro={params.get('diff') === '1' ? t('catalogs.diff.afterImport') : undefined} /> : null}
      {r.version.unplaced.length > 0 ? <UnplacedLines lines={r.version.unplaced} /> : null}

      <Group justify="space-between">
        <Title order={4}>{t('catalogs.detail.clauses')}</Title>
        {mayManageAny && isLatest ? (
          <Button size="xs" variant={selected ? 'light' : 'subtle'} onClick={() => setSelected((s) => (s ? null : new Set()))} data-testid="select-mode">
            {selected ? t('catalogs.checklist.cancelSelect') : t('catalogs.checklist.select')}
          </Button>
        ) : null}
      </Group>
      <ClauseBrowser key={r.version.id} clauses={r.clauses} query={query} onQuery={setQuery} selected={selected} onSelected={setSelected} />

      <VisibilityModal regulation={r} opened={visibilityOpen} onClose={() => setVisibilityOpen(false)} />
      <ChecklistModal
        regulation={r}
        latestVersionNo={latest?.versionNo ?? r.version.versionNo}
        selected={selected ?? new Set()}
        opened={checklistOpen}
        onClose={() => setChecklistOpen(false)}
      />
    </Stack>
  );
}
