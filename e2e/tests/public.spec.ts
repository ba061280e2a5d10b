import { test, expect } from '@playwright/test';
import { expectAccessible, shot } from './a11y';

test('home and measures are readable and accessible', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expectAccessible(page, 'home');
  await shot(page, 'home');

  await page.goto('/measures');
  await expect(page.getByText('内蒙古自治区众创空间管理办法（试行）').first()).toBeVisible();
  await expectAccessible(page, 'measures');

  await page.goto('/measures/inner-mongolia-2020');
  await expect(page.getByText('第六条（二）').first()).toBeVisible();
  await expect(page.getByText('不得低于500平方米', { exact: false }).first()).toBeVisible();
  await expectAccessible(page, 'measure');
  await shot(page, 'measure-inner-mongolia');
});

test('an applicant self-checks, sees why, and the way to eligible', async ({ page }) => {
  await page.goto('/self-check?example=1');
  await expectAccessible(page, 'self-check form');
  await page.getByRole('button', { name: '核查' }).click();
  const result = page.locator('#result');
  await expect(result.getByText('符合条件').first()).toBeVisible();

  // 新疆 第六条第4项: 500㎡ or 30 workstations, and the 75% share. Break the share.
  await page.getByLabel('创业工位面积', { exact: false }).fill('0');
  await page.getByRole('button', { name: '核查' }).click();
  await expect(result.getByText('不符合条件').first()).toBeVisible();
  await expect(result.getByText('怎样达到条件')).toBeVisible();
  await expect(result.getByText('第六条第4项').first()).toBeVisible();
  await expectAccessible(page, 'self-check result');
  await shot(page, 'self-check-result');
});

test('the same space compared across the four jurisdictions', async ({ page }) => {
  await page.goto('/self-check?example=1');
  await page.getByLabel('适用的办法').selectOption({ index: 1 });
  const options = await page.getByLabel('适用的办法').locator('option').allTextContents();
  const compare = options.findIndex((o) => o.includes('对比'));
  expect(compare).toBeGreaterThanOrEqual(0);
  await page.getByLabel('适用的办法').selectOption({ index: compare });
  await page.getByRole('button', { name: '核查' }).click();
  for (const place of ['内蒙古', '新疆', '朔州', '鞍山']) {
    await expect(page.locator('#result').getByText(place).first()).toBeVisible();
  }
  await shot(page, 'self-check-compare');
});

test('typed values are kept and errors shown beside the field', async ({ page }) => {
  await page.goto('/self-check?example=1');
  await page.getByLabel('核查日期').fill('');
  await page.getByRole('button', { name: '核查' }).click();
  await expect(page.locator('.error').first()).toBeVisible();
  await expect(page.getByLabel('运营单位名称')).toHaveValue(/乌鲁木齐/);
});

test('works on a phone width', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/self-check?example=1');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await shot(page, 'self-check-phone');
});
