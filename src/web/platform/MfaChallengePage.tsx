import { Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loading } from '../components/States.tsx';
import { fieldErrors } from '../lib/problem.ts';
import { AuthLayout } from '../shell/AuthLayout.tsx';
import { authApi, useApplySession, useSessionQuery } from './api.ts';
import { useSignOut } from './hooks.ts';
import { safeNext, stagePath } from './RequireSession.tsx';

/** Second step of sign-in: a TOTP code, or one of the recovery codes. */
export function MfaChallengePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSessionQuery();
  const applySession = useApplySession();
  const signOut = useSignOut();
  const next = safeNext(params.get('next'));
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState('');
  const verify = useMutation({
    mutationFn: () => authApi.verifyMfa(recovery ? code.trim() : code.replace(/\s+/g, '')),
    onSuccess: (res) => {
      applySession(res);
      navigate(stagePath(res, next) ?? next, { replace: true });
    },
  });
  if (session.isPending) return <Loading />;
  if (session.data && session.data.stage !== 'mfa') return <Navigate to={stagePath(session.data, next) ?? next} replace />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    verify.mutate();
  };
  const fe = fieldErrors(verify.error);
  return (
    <AuthLayout title={t('mfa.challengeTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {recovery ? t('mfa.recoveryLead') : t('mfa.challengeLead')}
          </Text>
          <ErrorAlert error={verify.error} fields={['code']} />
          <TextInput
            key={recovery ? 'recovery' : 'totp'}
            label={recovery ? t('mfa.recoveryCode') : t('mfa.code')}
            name="code"
            autoComplete="one-time-code"
            inputMode={recovery ? 'text' : 'numeric'}
            maxLength={recovery ? 32 : 8}
            required
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={fe.code}
            styles={{ input: { letterSpacing: recovery ? undefined : '0.3em', fontSize: 18 } }}
            autoFocus
          />
          <Button type="submit" loading={verify.isPending} fullWidth disabled={code.trim() === ''} data-testid="mfa-submit">
            {t('mfa.verify')}
          </Button>
          <Anchor
            component="button"
            type="button"
            size="sm"
            onClick={() => {
              setRecovery(!recovery);
              setCode('');
              verify.reset();
            }}
          >
            {recovery ? t('mfa.useTotp') : t('mfa.useRecovery')}
          </Anchor>
          <Anchor component="button" type="button" size="sm" c="dimmed" onClick={() => void signOut()}>
            {t('header.signOut')}
          </Anchor>
        </Stack>
      </form>
    </AuthLayout>
  );
}
