import { Badge, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { fieldErrors } from '../../lib/problem.ts';
import { SESSION_KEY, authApi, useSession } from '../api.ts';
import { RecoveryCodes } from '../RecoveryCodes.tsx';

type Mode = 'regenerate' | 'disable' | null;

export function MfaSection() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { user } = useSession();
  const [mode, setMode] = useState<Mode>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const action = useMutation({
    mutationFn: async () => {
      const c = code.replace(/\s+/g, '');
      if (mode === 'regenerate') setCodes((await authApi.mfaRecoveryCodes(c)).recoveryCodes);
      else await authApi.mfaDisable(c);
    },
    onSuccess: async () => {
      if (mode === 'disable') notifications.show({ message: t('mfa.disabled'), color: 'gray' });
      setMode(null);
      setCode('');
      await qc.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });
  const open = (m: Mode) => {
    setMode(m);
    setCode('');
    action.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    action.mutate();
  };
  return (
    <Section title={t('settings.mfa')} testId="settings-mfa">
      <Group gap="xs">
        <Badge color={user.mfaEnabled ? 'teal' : 'gray'} variant="light" data-testid="mfa-status">
          {user.mfaEnabled ? t('mfa.statusOn') : t('mfa.statusOff')}
        </Badge>
        {user.mfaRequired ? <Badge color="orange" variant="light">{t('mfa.required')}</Badge> : null}
      </Group>
      {codes ? <RecoveryCodes codes={codes} onDone={() => setCodes(null)} /> : null}
      {!user.mfaEnabled ? (
        <Group>
          <Button component={Link} to="/mfa/setup" data-testid="mfa-setup-link">{t('mfa.setUp')}</Button>
        </Group>
      ) : !codes ? (
        <Stack gap="sm">
          {user.mfaRequired ? <Text size="sm" c="dimmed">{t('mfa.requiredNote')}</Text> : null}
          <Group>
            <Button variant="default" onClick={() => open('regenerate')}>{t('mfa.regenerate')}</Button>
            {!user.mfaRequired ? (
              <Button variant="subtle" color="red" onClick={() => open('disable')}>{t('mfa.disable')}</Button>
            ) : null}
          </Group>
          {mode ? (
            <form onSubmit={submit} noValidate>
              <Stack maw={360} gap="xs">
                {mode === 'regenerate' ? <Text size="sm">{t('mfa.regenerateLead')}</Text> : null}
                <ErrorAlert error={action.error} fields={['code']} />
                <TextInput label={t('mfa.codeFor')} value={code} inputMode="numeric" autoComplete="one-time-code"
                  onChange={(e) => setCode(e.currentTarget.value)} error={fieldErrors(action.error).code} />
                <Group>
                  <Button type="submit" color={mode === 'disable' ? 'red' : undefined} loading={action.isPending}
                    disabled={code.trim() === ''}>
                    {mode === 'disable' ? t('mfa.disable') : t('mfa.regenerate')}
                  </Button>
                  <Button variant="default" onClick={() => open(null)}>{t('common.cancel')}</Button>
                </Group>
              </Stack>
            </form>
          ) : null}
        </Stack>
      ) : null}
    </Section>
  );
}
