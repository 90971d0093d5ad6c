import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type E2E, screenshot, startE2E, submitSignIn } from './support/harness.ts';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe('invitations', () => {
  it('lets an administrator invite a member who accepts in another browser and signs in', async () => {
    const email = 'shinnin.kyoin@sakura-tech.example';
    const admin = await e2e.newContext();
    const page = await admin.newPage();
    await submitSignIn(page, 'admin@sakura-tech.example', DEMO_PASSWORD);
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByTestId('nav-members').click();
    await page.getByTestId('members-table').waitFor();

    await page.getByTestId('invite-open').click();
    await page.getByTestId('invite-email').fill(email);
    await page.getByTestId('invite-name').fill('新任 教員');
    await page.getByTestId('role-sysadmin').click();
    await screenshot(page, 'invite-dialog');
    await page.getByTestId('invite-submit').click();
    const linkInput = page.getByTestId('invite-link');
    await linkInput.waitFor();
    const link = await linkInput.inputValue();
    expect(link).toMatch(new RegExp(`^${e2e.baseUrl}/invite/`));
    await screenshot(page, 'invite-link');
    await page.getByRole('button', { name: '閉じる' }).click();
    await page.getByTestId('pending-invitations').getByText(email).waitFor();

    // The invitee: a fresh browser with no session.
    const invitee = await e2e.newContext();
    const ip = await invitee.newPage();
    await ip.goto(link);
    await ip.getByTestId('invite-email').waitFor();
    expect(await ip.getByTestId('invite-email').textContent()).toBe(email);
    await ip.getByText('さくら工科大学（デモ） から Renkei への招待が届いています。').waitFor();
    await ip.getByRole('textbox', { name: 'パスワード', exact: true }).fill('short');
    await ip.getByRole('textbox', { name: 'パスワード（確認）', exact: true }).fill('short');
    await ip.getByTestId('invite-accept').click();
    // The server's password rule is shown on the field.
    await ip.getByText('パスワードは12文字以上にしてください').waitFor();
    await screenshot(ip, 'invite-accept-error');

    const password = 'Kenkyu-Shitsu-2026-Aki';
    await ip.getByRole('textbox', { name: 'パスワード', exact: true }).fill(password);
    await ip.getByRole('textbox', { name: 'パスワード（確認）', exact: true }).fill(password);
    await ip.getByTestId('invite-accept').click();
    await ip.getByTestId('invite-done').waitFor();
    await ip.getByRole('link', { name: 'サインインへ' }).click();
    await ip.waitForURL((u) => u.pathname === '/sign-in');
    expect(await ip.getByLabel('メールアドレス').inputValue()).toBe(email);
    await ip.getByRole('textbox', { name: 'パスワード', exact: true }).fill(password);
    await ip.getByTestId('sign-in-submit').click();
    await ip.getByText('ようこそ、新任 教員 さん').waitFor();
    await ip.getByTestId('home-card-staff').waitFor();
    await ip.getByTestId('home-card-sysadmin').waitFor();
    await screenshot(ip, 'home-new-member');
    // A plain member has no member management in the navigation.
    expect(await ip.getByTestId('nav-members').count()).toBe(0);

    // Back to the administrator: the invitation became a member.
    await page.reload();
    await page.getByTestId(`member-${email}`).waitFor();
    expect(await page.getByTestId('pending-invitations').getByText(email).count()).toBe(0);
    await invitee.close();
    await admin.close();
  });
});
