import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type E2E, screenshot, startE2E, submitSignIn } from './support/harness.ts';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe('sign in with a password', () => {
  it('refuses a wrong password with a message in Japanese', async () => {
    const context = await e2e.newContext();
    const page = await context.newPage();
    await submitSignIn(page, 'admin@sakura-tech.example', 'not-the-password');
    const alert = page.getByTestId('error-alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('メールアドレスまたはパスワードが正しくありません');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await screenshot(page, 'sign-in-error');
    await context.close();
  });

  it('signs an institution administrator in and shows the shell, members, audit log and institutions', async () => {
    const context = await e2e.newContext();
    const page: Page = await context.newPage();
    // A deep link before sign-in comes back after it.
    await page.goto('/audit');
    await page.waitForURL(/\/sign-in\?next=%2Faudit/);
    await page.getByLabel('メールアドレス').fill('admin@sakura-tech.example');
    await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill(DEMO_PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    await page.waitForURL((u) => u.pathname === '/audit');
    await page.getByTestId('audit-table').waitFor();
    expect(await page.getByTestId('header-institution').textContent()).toBe('さくら工科大学（デモ）');
    // The sign-in itself is in the log; a row opens to show its changes.
    await page.getByTestId('audit-row').first().click();
    await page.getByTestId('audit-details').waitFor();
    expect(await page.getByTestId('audit-details').textContent()).toContain('password');
    await screenshot(page, 'audit-log');

    await page.getByTestId('nav-home').click();
    await page.getByText('ようこそ、桜井 管理者 さん').waitFor();
    await page.getByTestId('home-card-admin').waitFor();
    await screenshot(page, 'home-admin');

    await page.getByTestId('nav-members').click();
    await page.getByTestId('members-table').waitFor();
    await page.getByTestId('member-ciso@sakura-tech.example').waitFor();
    await page.getByTestId('members-search').fill('監査');
    await page.getByTestId('member-auditor@sakura-tech.example').waitFor();
    await expect.poll(() => page.getByTestId('member-ciso@sakura-tech.example').count()).toBe(0);
    await screenshot(page, 'members');

    await page.getByTestId('nav-account-review').click();
    // The demo accounts were created just now, so none is unused for 90 days.
    await page.getByText('該当するアカウントはありません。').waitFor();
    await screenshot(page, 'account-review');

    await page.getByTestId('nav-institutions').click();
    await page.getByTestId('institution-minato').waitFor();
    await screenshot(page, 'institutions');
    // Own institution: contact points are editable, names are not.
    await page.getByTestId('institution-sakura').getByRole('link', { name: '編集' }).click();
    await page.getByLabel('電話番号').fill('076-000-9999');
    expect(await page.getByLabel('名称（日本語）').isDisabled()).toBe(true);
    await page.getByTestId('institution-save').click();
    await page.getByText('保存しました').waitFor();
    await screenshot(page, 'institution-edit');
    await page.getByTestId('nav-institutions').click();
    await page.getByTestId('institution-sakura').getByText('076-000-9999').waitFor();

    // English, then back to Japanese; the choice is saved with the account.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-en').click();
    await page.getByRole('heading', { name: 'Institutions' }).waitFor();
    await screenshot(page, 'institutions-en');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('lang-ja').click();
    await page.getByRole('heading', { name: '所属機関' }).waitFor();

    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await page.waitForURL((u) => u.pathname === '/sign-in');
    // Signed out means signed out: the shell is gone on reload.
    await page.goto('/');
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await context.close();
  });
});
