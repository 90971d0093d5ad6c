import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type E2E, screenshot, startE2E, submitSignIn, totpCode } from './support/harness.ts';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe('multi-factor authentication', () => {
  it('makes a CISO set up TOTP at first sign-in, then asks for a code at the next one', async () => {
    const email = 'ciso@sakura-tech.example';
    const context = await e2e.newContext();
    const page = await context.newPage();

    await submitSignIn(page, email, DEMO_PASSWORD);
    await page.waitForURL((u) => u.pathname === '/mfa/setup');
    await page.getByText('あなたの役割では多要素認証が必須です').waitFor();
    await page.getByTestId('mfa-qr').waitFor();
    const secret = (await page.getByTestId('mfa-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    // Nothing else is reachable until MFA is set up.
    await page.goto('/settings');
    await page.waitForURL((u) => u.pathname === '/mfa/setup');
    const secretAgain = (await page.getByTestId('mfa-secret').textContent())?.trim();
    await screenshot(page, 'mfa-setup');

    await page.getByLabel('確認コード').fill('000000');
    await page.getByTestId('mfa-enable').click();
    await page.getByTestId('error-alert').waitFor();

    await page.getByLabel('確認コード').fill(totpCode(secretAgain ?? secret));
    await page.getByTestId('mfa-enable').click();
    await page.getByTestId('recovery-codes').waitFor();
    expect(await page.getByTestId('recovery-code').count()).toBeGreaterThanOrEqual(8);
    await screenshot(page, 'mfa-recovery-codes');
    await page.getByTestId('recovery-done').click();
    // Back to the page that was asked for before enrolment.
    await page.waitForURL((u) => u.pathname === '/settings');
    await page.getByTestId('settings-mfa').waitFor();
    await page.getByTestId('nav-home').click();
    await page.getByText('ようこそ、佐倉 情報セキュリティ責任者 さん').waitFor();
    await page.getByTestId('home-card-ciso').waitFor();
    await screenshot(page, 'home-ciso');

    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.waitForURL((u) => u.pathname === '/sign-in');

    await submitSignIn(page, email, DEMO_PASSWORD);
    await page.waitForURL((u) => u.pathname === '/sign-in/mfa');
    await screenshot(page, 'mfa-challenge');
    // The enrolment code's time step is used up; the next step's code is still within the allowed drift.
    await page.getByLabel('確認コード').fill(totpCode(secretAgain ?? secret, 1));
    await page.getByTestId('mfa-submit').click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByTestId('home-card-ciso').waitFor();

    await page.goto('/settings');
    expect(await page.getByTestId('mfa-status').textContent()).toBe('有効');
    await screenshot(page, 'settings');
    await context.close();
  });
});
