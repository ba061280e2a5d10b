import { test, expect, Page } from '@playwright/test';
import { expectAccessible, shot } from './a11y';
import { signIn } from './demo';

// After recognition: the applicant's space page, its filings (statistics, annual report and
// plan, change report) showing in the portal; and the signed-in forms without JavaScript
// (the `_csrf` hidden field instead of htmx's X-CSRF-Token header).

/** Opens the applicant's first recognised space from the portal home. */
async function openSpace(page: Page) {
  await page.goto('/portal');
  await page.getByRole('link', { name: '查看与报送' }).first().click();
  await expect(page).toHaveURL(/\/portal\/spaces\/\d+$/);
}

async function fillStatistics(page: Page) {
  const inputs = page.locator('form input[type=number]');
  // One value everywhere keeps every part within its whole (部分不能大于整体).
  for (let i = 0; i < (await inputs.count()); i++) await inputs.nth(i).fill('10');
}

test('a recognised space files statistics, an annual report and a change report', async ({ browser }) => {
  // 朔州: 每年年底提交年度工作报告和下一年度工作计划 (year_end in the policy).
  const page = await signIn(browser, 'applicant-recognised-shuozhou');
  await openSpace(page);
  await expect(page.getByRole('heading', { name: '应履行的义务' })).toBeVisible();
  await expectAccessible(page, 'portal-space');
  await shot(page, 'portal-space');

  // The annual report and next year's plan.
  await page.getByLabel('年度工作报告', { exact: true }).fill('全年举办创业活动 24 场，服务创客 300 人次。');
  await page.getByLabel('下一年度工作计划', { exact: true }).fill('新增共享工位 40 个，引进创业导师 5 名。');
  await page.getByRole('button', { name: '报送年度工作报告' }).click();
  await expect(page.getByRole('status')).toContainText('年度工作报告和下一年度工作计划已报送');

  // A change report, when the measure lists one.
  if (await page.getByRole('button', { name: '报送重大事项变更' }).count()) {
    await page.getByLabel('重大事项变更内容').fill('运营主体法定代表人变更');
    const today = new Date().toISOString().slice(0, 10);
    await page.getByLabel('变化发生日期').fill(today);
    await page.getByRole('button', { name: '报送重大事项变更' }).click();
    await expect(page.getByRole('status')).toContainText('重大事项变更已报送');
  }

  // Statistics (linked from the space page), where the measure asks for them.
  const im = await signIn(browser, 'applicant-recognised-inner-mongolia');
  await openSpace(im);
  await im.getByRole('link', { name: '统计数据上报' }).first().click();
  // 每半年 (第十七条): the period is picked from the halves since recognition.
  await expect(im.locator('select#period option').first()).toHaveText(/^\d{4}年[上下]半年/);
  await fillStatistics(im);
  await im.getByRole('button', { name: '上报' }).click();
  await expect(im.getByText('已受理')).toBeVisible();
  await openSpace(im);
  const filed = (p: typeof im) => p.getByRole('region', { name: '报送记录' }).locator('table');
  await expect(filed(im)).toContainText('统计数据');
  // 内蒙古 第十七条: 重大事项变化“及时”报备 (no number of days).
  await expect(
    im.locator('section', { has: im.getByRole('button', { name: '报送重大事项变更' }) }),
  ).toContainText('办法未规定天数');
  await im.getByLabel('重大事项变更内容').fill('场地面积扩大至 1500 平方米');
  await im.getByLabel('变化发生日期').fill(new Date().toISOString().slice(0, 10));
  // The facts after the change, beside the record: the area the conditions are checked on again.
  await im.getByText('变化后的情况（选填）').click();
  await im.getByLabel('众创空间总面积', { exact: true }).fill('1500');
  await im.getByRole('button', { name: '报送重大事项变更' }).click();
  await expect(im.getByRole('status')).toContainText('重大事项变更已报送');
  await expect(filed(im)).toContainText('场地面积扩大至 1500 平方米');
  const changes = im.locator('section', { has: im.getByRole('button', { name: '报送重大事项变更' }) });
  await expect(changes.getByRole('table', { name: '变化后的情况' })).toContainText('1500㎡');
  await expect(changes).toContainText('按变化后的情况重新核对办法的条件（截至今日）');
  await shot(im, 'portal-space-filed');

  // Back on the Shuozhou space, the filings show.
  await openSpace(page);
  await expect(filed(page)).toContainText('年度工作报告');
});

test('without JavaScript a signed-in form posts with its hidden token', async ({ browser }) => {
  const page = await signIn(browser, 'applicant-recognised-inner-mongolia', { javaScriptEnabled: false });
  await openSpace(page);
  await page.getByRole('link', { name: '统计数据上报' }).first().click();
  await expect(page.locator('form input[name=_csrf]')).toHaveCount(1);
  await fillStatistics(page);
  await page.getByRole('button', { name: '上报' }).click();
  await expect(page.getByText('已受理')).toBeVisible();
  await shot(page, 'statistics-no-js');

  // Signing out is a plain form too, with the same hidden field.
  await page.goto('/account');
  await expect(page.locator('form[action="/logout"] input[name=_csrf]')).toHaveCount(1);
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login\?next=/);
});

test('a form sent after the session has ended says so and offers to sign in again', async ({ browser }) => {
  const page = await signIn(browser, 'applicant-recognised-inner-mongolia');
  await openSpace(page);
  // The session ends (signed out elsewhere, or expired) while the page stays open.
  await page.context().clearCookies();
  await page.getByLabel('重大事项变更内容').fill('场地面积扩大至 1600 平方米');
  await page.getByLabel('变化发生日期').fill(new Date().toISOString().slice(0, 10));
  await page.getByRole('button', { name: '报送重大事项变更' }).click();
  const alert = page.locator('#request-error');
  await expect(alert).toBeVisible();
  await expect(alert).toHaveAttribute('role', 'alert');
  await expect(alert).toContainText('请先登录');
  await expect(alert.getByRole('link', { name: '重新登录' })).toHaveAttribute('href', /^\/login\?next=%2Fportal%2Fspaces%2F\d+$/);
  await shot(page, 'session-ended');

  // A page the account may not open answers with a page in Chinese, not the API's JSON.
  const again = await signIn(browser, 'applicant-recognised-inner-mongolia');
  const response = await again.goto('/workbench');
  expect(response?.status()).toBe(403);
  await expect(again.getByRole('heading', { level: 1 })).toHaveText('无权访问');
  await expect(again.locator('main').getByRole('link', { name: '申报' })).toBeVisible();
});
