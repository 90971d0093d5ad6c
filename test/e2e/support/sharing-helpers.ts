import type { Page } from 'playwright-core';

/** Calls the API as the signed-in browser user (the session cookie and its CSRF token). */
export async function apiAs(page: Page) {
  const session = await (await page.request.get('/api/v1/auth/session')).json();
  const headers = { 'x-csrf-token': session.csrfToken as string };
  return {
    post: async (path: string, data: unknown) => page.request.post(`/api/v1${path}`, { headers, data }),
    patch: async (path: string, data: unknown) => page.request.patch(`/api/v1${path}`, { headers, data }),
    get: async (path: string) => (await page.request.get(`/api/v1${path}`)).json(),
  };
}

/** Selects `words` inside the element as a person would with the mouse, and lets the page see the mouse-up. */
export async function selectText(page: Page, testId: string, words: string) {
  await page.getByTestId(testId).evaluate((box, target) => {
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
    const whole = nodes.map((n) => n.data).join('');
    const start = whole.indexOf(target);
    if (start < 0) throw new Error(`not in the text: ${target}`);
    const end = start + target.length;
    const range = document.createRange();
    let pos = 0;
    for (const n of nodes) {
      if (start >= pos && start <= pos + n.data.length) range.setStart(n, start - pos);
      if (end >= pos && end <= pos + n.data.length) {
        range.setEnd(n, end - pos);
        break;
      }
      pos += n.data.length;
    }
    const sel = window.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(range);
    box.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
  }, words);
}
