import { Alert, Anchor, Button, Center, Code, Image, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { LoadError, Loading } from '../components/States.tsx';
import { fieldErrors } from '../lib/problem.ts';
import { AuthLayout } from '../shell/AuthLayout.tsx';
import { SESSION_KEY, authApi, useSessionQuery } from './api.ts';
import { useSignOut } from './hooks.ts';
import { RecoveryCodes } from './RecoveryCodes.tsx';
import { safeNext, stagePath } from './RequireSession.tsx';

/** Enrol an authenticator app: QR + secret, confirm with a code, then show recovery codes once. */
export function MfaSetupPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const signOut = useSignOut();
  const session = useSessionQuery();
  const stage = session.data?.stage;
  const forced = stage === 'mfa_setup';
  const next = safeNext(params.get('next') ?? (forced ? '/' : '/settings'));
  const [codes, setCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const allowed = forced || (stage === 'full' && session.data?.session && !session.data.session.user.mfaEnabled);
  // A POST that starts enrolment; as a query it runs once, even under StrictMode.
  const setup = useQuery({
    queryKey: ['mfa', 'setup'],
    queryFn: authApi.mfaSetup,
    enabled: Boolean(allowed) && codes === null,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
  });
  const enable = useMutation({
    mutationFn: () => authApi.mfaEnable(code.replace(/\s+/g, '')),
    onSuccess: (res) => setCodes(res.recoveryCodes),
  });
  if (session.isPending) return <Loading />;
  if (codes === null && session.data && !allowed) {
    return <Navigate to={stagePath(session.data) ?? '/settings'} replace />;
  }
  const finish = async () => {
    await qc.invalidateQueries({ queryKey: SESSION_KEY });
    navigate(next, { replace: true });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    enable.mutate();
  };
  return (
    <AuthLayout title={t('mfa.setupTitle')} width={520}>
      {codes ? (
        <Stack>
          <Alert color="teal">{t('mfa.enabled')}</Alert>
          <RecoveryCodes codes={codes} onDone={() => void finish()} />
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {forced ? <Alert color="yellow">{t('mfa.forcedLead')}</Alert> : null}
            <Text size="sm">{t('mfa.setupLead')}</Text>
            <Text fw={600} size="sm">
              {t('mfa.step1')}
            </Text>
            {setup.isPending ? <Loading /> : null}
            {setup.isError ? <LoadError error={setup.error} onRetry={() => void setup.refetch()} /> : null}
            {setup.data ? (
              <>
                <Center>
                  <Image src={setup.data.qrDataUrl} alt={t('mfa.qrAlt')} w={200} h={200} data-testid="mfa-qr" />
                </Center>
                <Text size="xs" c="dimmed">
                  {t('mfa.secretLabel')}
                </Text>
                <Code block data-testid="mfa-secret" style={{ wordBreak: 'break-all', letterSpacing: '0.1em' }}>
                  {setup.data.secret}
                </Code>
              </>
            ) : null}
            <Text fw={600} size="sm">
              {t('mfa.step2')}
            </Text>
            <ErrorAlert error={enable.error} fields={['code']} />
            <TextInput
              label={t('mfa.code')}
              name="code"
              autoComplete="one-time-code"
              inputMode="numeric"
              maxLength={8}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              error={fieldErrors(enable.error).code}
              styles={{ input: { letterSpacing: '0.3em', fontSize: 18 } }}
            />
            <Button type="submit" loading={enable.isPending} disabled={!setup.data || code.trim() === ''} data-testid="mfa-enable">
              {t('mfa.enable')}
            </Button>
            {forced ? (
              <Anchor component="button" type="button" size="sm" c="dimmed" onClick={() => void signOut()}>
                {t('header.signOut')}
              </Anchor>
            ) : (
              <Anchor component="button" type="button" size="sm" onClick={() => navigate('/settings')}>
                {t('common.back')}
              </Anchor>
            )}
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
