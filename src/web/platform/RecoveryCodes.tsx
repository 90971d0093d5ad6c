import { Alert, Button, CopyButton, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Recovery codes, shown once: copy or download them, then confirm. */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const text = `${t('app.name')} — ${t('mfa.recoveryTitle')}\n${new Date().toISOString()}\n\n${codes.join('\n')}\n`;
  return (
    <Stack data-testid="recovery-codes">
      <Text fw={600}>{t('mfa.recoveryTitle')}</Text>
      <Alert color="yellow" variant="light">
        {t('mfa.recoveryOnce')}
      </Alert>
      <Paper withBorder p="md" bg="gray.0">
        <SimpleGrid cols={2} spacing="xs">
          {codes.map((c) => (
            <Text key={c} ff="monospace" size="sm" data-testid="recovery-code">
              {c}
            </Text>
          ))}
        </SimpleGrid>
      </Paper>
      <Group>
        <CopyButton value={codes.join('\n')}>
          {({ copied, copy }) => (
            <Button variant="default" onClick={copy}>
              {copied ? t('common.copied') : t('common.copy')}
            </Button>
          )}
        </CopyButton>
        <Button variant="default" onClick={() => download(t('mfa.recoveryFile'), text)}>
          {t('common.download')}
        </Button>
        <Button ml="auto" onClick={onDone} data-testid="recovery-done">
          {t('mfa.recoveryDone')}
        </Button>
      </Group>
    </Stack>
  );
}
