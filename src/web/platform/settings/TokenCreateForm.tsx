import { Button, Checkbox, Group, NumberInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { fieldErrors } from '../../lib/problem.ts';
import { type TokenScope, meApi } from '../api.ts';

/** Name, scopes and lifetime of a new API token; hands the secret to `onCreated` once. */
export function TokenCreateForm({ onCreated }: { onCreated: (token: string) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>(['read']);
  const [days, setDays] = useState<number | string>(90);
  const [scopeError, setScopeError] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      meApi.createToken({ name: name.trim(), scopes, ...(typeof days === 'number' && days > 0 ? { expiresInDays: days } : {}) }),
    onSuccess: async (res) => {
      setName('');
      onCreated(res.token);
      await qc.invalidateQueries({ queryKey: ['me', 'tokens'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad = scopes.length === 0;
    setScopeError(bad);
    if (!bad) create.mutate();
  };
  const fe = fieldErrors(create.error);
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <ErrorAlert error={create.error} fields={['name', 'scopes', 'expiresInDays']} />
        <Group align="flex-start" wrap="wrap">
          <TextInput label={t('settings.tokenName')} value={name} required w={240}
            onChange={(e) => setName(e.currentTarget.value)} error={fe.name} data-testid="token-name" />
          <Checkbox.Group label={t('settings.tokenScopes')} value={scopes}
            onChange={(v) => setScopes(v.filter((s): s is TokenScope => s === 'read' || s === 'write'))}
            error={scopeError ? t('settings.scopesRequired') : fe.scopes}>
            <Group mt={10}>
              <Checkbox value="read" label={t('settings.scopeRead')} />
              <Checkbox value="write" label={t('settings.scopeWrite')} />
            </Group>
          </Checkbox.Group>
          <NumberInput label={t('settings.tokenExpires')} description={t('settings.tokenExpiresHint')} value={days}
            onChange={setDays} min={1} max={366} w={180} error={fe.expiresInDays} allowDecimal={false} />
        </Group>
        <Group>
          <Button type="submit" loading={create.isPending} disabled={name.trim() === ''}>{t('settings.tokenCreate')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
