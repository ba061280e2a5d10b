import { test, expect } from '@playwright/test';
import { expectAccessible, shot } from './a11y';
import { signIn } from './demo';

// The authority's oversight of recognised spaces over the demo (scripts/e2e starts
// `makerspace serve --demo` and passes the accounts file): an appraisal recorded for the
// recognised Inner Mongolia space with its per-item breakdown (内蒙古 第十九条), then the
// obligations calendar and the charts, each checked with axe-core.

test('the authority records an appraisal and reads the calendar and charts', async ({ browser }) => {
  const page = await signIn(browser, 'authority-inner-mongolia');
  await page.goto('/workbench');
  const spaces = page.locator('section', { has: page.getByRole('heading', { name: /名录中的众创空间/ }) });
  await spaces.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/workbench\/spaces\/\d+$/);
  await expect(page.getByRole('heading', { name: '认定记录' })).toBeVisible();
  await expectAccessible(page, 'workbench-space');

  await page.getByRole('link', { name: '录入绩效考核' }).click();
  await expect(page.getByRole('heading', { name: /录入绩效考核/ })).toBeVisible();
  await expectAccessible(page, 'workbench-appraisal');
  await page.getByRole('button', { name: '预览得分' }).click();
  await expect(page.locator('#preview').getByText('逐项得分')).toBeVisible();
  await page.getByRole('button', { name: '记录考核结果' }).click();
  await expect(page).toHaveURL(/\/workbench\/spaces\/\d+#appraisal-\d+$/);
  const recorded = page.locator('details[id^="appraisal-"]').first();
  await expect(recorded.getByText('逐项得分')).toBeVisible();
  await expect(recorded.locator('.cite').first()).toBeVisible();
  await shot(page, 'workbench-space-appraised');

  await page.goto('/workbench/calendar');
  await expect(page.getByRole('heading', { name: /报送日历/ })).toBeVisible();
  await expectAccessible(page, 'workbench-calendar');
  await shot(page, 'workbench-calendar');

  await page.goto('/workbench/charts');
  await expect(page.getByText('逾期未报送的事项')).toBeVisible();
  await expect(page.locator('svg.chart').first()).toBeVisible();
  await expectAccessible(page, 'workbench-charts');
  await shot(page, 'workbench-charts');

  await page.goto('/workbench/sanctions');
  await expectAccessible(page, 'workbench-sanctions');
});
