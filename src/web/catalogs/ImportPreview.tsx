import { Button, Group, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Section } from '../components/Section.tsx';
import type { Clause, Preview } from './api.ts';
import { ClauseTree, useExpansion } from './ClauseTree.tsx';
import { type ClausePath, canDemote, canPromote, demote, pathAfterDemote, pathAfterPromote, pathId, promote } from './tree-edit.ts';
import { countClauses } from './tree-view.ts';
import { UnplacedLines } from './UnplacedLines.tsx';

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" fw={600} style={{ wordBreak: 'break-all' }} data-testid={testId}>{value}</Text>
    </Stack>
  );
}

interface Props {
  preview: Preview;
  tree: Clause[];
  edits: number;
  onChange: (tree: Clause[]) => void;
  onUndo: () => void;
}

/** What the parser read: form, encoding, the editable clause tree and the lines it could not place. */
export function ImportPreview({ preview, tree, edits, onChange, onUndo }: Props) {
  const { t } = useTranslation();
  const { expanded, setExpanded, toggle, expandAll, collapseAll } = useExpansion(preview.clauses);
  const [marked, setMarked] = useState<string | null>(null);

  /** After a move, open the clause's new ancestors so it stays in view, and mark it. */
  const reveal = (path: number[]) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      for (let i = 1; i < path.length; i++) next.add(pathId(path.slice(0, i)));
      return next;
    });
    setMarked(pathId(path));
  };
  const move = (path: ClausePath, dir: 'up' | 'down') => {
    if (dir === 'up') {
      onChange(promote(tree, path));
      reveal(pathAfterPromote(path));
    } else {
      const to = pathAfterDemote(tree, path);
      onChange(demote(tree, path));
      reveal(to);
    }
  };

  const source = preview.source;
  return (
    <Section title={t('catalogs.importPage.step2')} testId="import-preview">
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        <Fact label={t('catalogs.importPage.sourceFile')} value={`${source.filename ?? '—'}（${t(`catalogs.format.${source.format}`)}）`} />
        <Fact label={t('catalogs.importPage.detectedForm')} value={t(`catalogs.form.${preview.form}`)} testId="preview-form" />
        <Fact label={t('catalogs.importPage.encoding')} value={source.encoding ?? '—'} testId="preview-encoding" />
        <Fact label={t('catalogs.importPage.clauseCount')} value={countClauses(tree).toLocaleString()} testId="preview-count" />
        <Fact label={t('catalogs.importPage.unplacedCount')} value={String(preview.unplaced.length)} />
      </SimpleGrid>
      <UnplacedLines lines={preview.unplaced} />
      {tree.length === 0 ? (
        <Text c="red.8" size="sm">{t('catalogs.importPage.noClauses')}</Text>
      ) : (
        <>
          <Group justify="space-between" wrap="wrap">
            <Text size="sm" c="dimmed">{t('catalogs.importPage.previewHint')}</Text>
            <Group gap="xs">
              {edits > 0 ? (
                <>
                  <Text size="sm" c="indigo.7" data-testid="preview-edits">{t('catalogs.importPage.edited', { count: edits })}</Text>
                  <Button size="xs" variant="subtle" onClick={onUndo}>{t('catalogs.importPage.undo')}</Button>
                </>
              ) : null}
              <Button size="xs" variant="default" onClick={expandAll}>{t('catalogs.tree.expandAll')}</Button>
              <Button size="xs" variant="default" onClick={collapseAll}>{t('catalogs.tree.collapseAll')}</Button>
            </Group>
          </Group>
          <ClauseTree
            clauses={tree}
            expanded={expanded}
            onToggle={toggle}
            marked={edits > 0 ? marked : null}
            testId="preview-tree"
            actions={({ path }) => (
              <Group gap={4} wrap="nowrap">
                <Tooltip label={t('catalogs.tree.promoteHint')} openDelay={500}>
                  <Button size="compact-xs" variant="default" disabled={!canPromote(tree, path)} onClick={() => move(path, 'up')} data-testid="clause-promote">
                    {t('catalogs.tree.promote')}
                  </Button>
                </Tooltip>
                <Tooltip label={t('catalogs.tree.demoteHint')} openDelay={500}>
                  <Button size="compact-xs" variant="default" disabled={!canDemote(tree, path)} onClick={() => move(path, 'down')} data-testid="clause-demote">
                    {t('catalogs.tree.demote')}
                  </Button>
                </Tooltip>
              </Group>
            )}
          />
        </>
      )}
    </Section>
  );
}
