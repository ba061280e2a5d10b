import { Browser, Page, expect } from '@playwright/test';
import * as fs from 'fs';

// The demo's accounts, cases and day (makerspace serve --demo writes them to
// <data_dir>/demo-accounts.json; scripts/e2e passes the path).
export type Account = { key: string; login: string; password: string };
export const demo = JSON.parse(fs.readFileSync(process.env.MAKERSPACE_E2E_ACCOUNTS ?? '', 'utf8'));
export const account = (key: string): Account => demo.accounts.find((a: Account) => a.key === key);

/** How to open the browser for a sign-in. */
export type SignInOptions = {
  /** Without JavaScript the forms post the `_csrf` field instead of htmx's header. */
  javaScriptEnabled?: boolean;
  /** Accept every confirm() the pages ask. */
  acceptDialogs?: boolean;
};

/** Signs a demo account in through the login page, in a browser context of its own. */
export async function signIn(browser: Browser, key: string, options: SignInOptions = {}): Promise<Page> {
  const { javaScriptEnabled = true, acceptDialogs = false } = options;
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  if (acceptDialogs) page.on('dialog', (d) => d.accept());
  const a = account(key);
  await page.goto('/login');
  await page.getByLabel('登录名').fill(a.login);
  await page.getByLabel('密码').fill(a.password);
  await page.getByRole('button', { name: '登录' }).click();
  // Each role starts where its work is.
  await expect(page).toHaveURL(/\/(portal|workbench|expert|account)$/);
  return page;
}
