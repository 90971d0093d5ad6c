import { Alert, Badge, Group, ScrollArea, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { UnplacedLine } from './api.ts';

/** The parser writes its messages as "日本語 / English"; show the reader's half. */
export function reasonIn(reason: string, lang: string): string {
  const [ja, en] = reason.split(/\s*\/\s+(?=[A-Za-z])/);
  return en && lang === 'en' ? en : ja ?? reason;
}

/** Lines the parser could not put in the tree, highlighted so the user sees what will not be a clause. */
export function UnplacedLines({ lines }: { lines: readonly UnplacedLine[] }) {
  const { t, i18n } = useTranslation();
  if (lines.length === 0) return null;
  return (
    <Alert color="orange" variant="light" title={t('catalogs.importPage.unplacedTitle', { count: lines.length })} data-testid="unplaced-lines">
      <Stack gap="xs">
        <Text size="sm">{t('catalogs.importPage.unplacedLead')}</Text>
        <ScrollArea.Autosize mah={260} type="auto">
          <Stack gap={4}>
            {lines.map((l, i) => (
              <Group key={`${l.line}-${i}`} gap="sm" wrap="nowrap" align="flex-start" data-testid="unplaced-line">
                <Badge variant="outline" color="orange" size="sm" style={{ flexShrink: 0 }}>{t('catalogs.importPage.line', { line: l.line })}</Badge>
                <Stack gap={0} align="flex-start" style={{ minWidth: 0 }}>
                  <Text size="sm" bg="orange.1" px={4} style={{ wordBreak: 'break-all' }}>{l.text}</Text>
                  <Text size="xs" c="dimmed">{reasonIn(l.reason, i18n.language)}</Text>
                </Stack>
              </Group>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Stack>
    </Alert>
  );
}
