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

  // One stage's whole queue, a page at a time (the workbench lists its longest waiting).
  await page.goto('/workbench/queue/inner-mongolia-2020/material-check');
  await expect(page.getByRole('heading', { name: /火炬中心材料审核/ })).toBeVisible();
  await expect(page.getByText(/本环节共 \d+ 件/)).toBeVisible();
  await expectAccessible(page, 'workbench-stage-queue');
});

// 内蒙古 第十九条（四）: the authority opens an appraisal round with a deadline, the space hands in
// its appraisal materials (text and a file) from the portal, and the authority sees it handed in.
test('an appraisal round: opened, materials handed in, seen by the authority', async ({ browser }) => {
  const authority = await signIn(browser, 'authority-inner-mongolia');
  await authority.goto('/workbench/appraisal-rounds');
  await expect(authority.getByRole('heading', { name: '考核资料报送批次' })).toBeVisible();
  await expectAccessible(authority, 'workbench-appraisal-rounds');
  const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await authority.getByLabel('考核年度或期间').fill('2025');
  await authority.getByLabel('报送截止日期').fill(deadline);
  await authority.getByLabel('报送要求').fill('请报送年度运营数据及佐证材料');
  await authority.getByRole('button', { name: '开启批次' }).click();
  await expect(authority).toHaveURL(/\/workbench\/appraisal-rounds\/\d+$/);
  const roundUrl = authority.url();

  const applicant = await signIn(browser, 'applicant-recognised-inner-mongolia');
  await applicant.goto('/portal');
  await applicant.getByRole('link', { name: '查看与报送' }).first().click();
  await expect(applicant).toHaveURL(/\/portal\/spaces\/\d+$/);
  await applicant.getByRole('link', { name: '报送考核资料' }).click();
  await expect(applicant.getByRole('heading', { name: '考核资料报送' })).toBeVisible();
  await expect(applicant.getByText(/还剩 \d+ 天/).first()).toBeVisible();
  await expectAccessible(applicant, 'portal-appraisal-materials');
  await applicant.getByLabel('考核资料说明').first().fill('2025年度运营情况：举办活动 24 场，服务创客 300 人次。');
  await applicant.getByLabel('附件（可多选）').first().setInputFiles({
    name: '运营数据.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
  });
  await applicant.getByRole('button', { name: '报送考核资料' }).first().click();
  await expect(applicant.getByRole('status')).toContainText('考核资料已报送');
  await shot(applicant, 'portal-appraisal-materials');

  await authority.goto(roundUrl);
  await expect(authority.getByText('已按时报送').first()).toBeVisible();
  await expect(authority.getByText('运营数据.pdf')).toBeVisible();
  await expectAccessible(authority, 'workbench-appraisal-round');
  await shot(authority, 'workbench-appraisal-round');
});

// 鞍山 第八条: 经市科技局审核后，符合本办法要求的，同意变更. The demo's recognised Anshan space
// reported a change; the authority finds it awaiting review on the space's page and agrees.
test('the authority reviews a reported change and agrees', async ({ browser }) => {
  const page = await signIn(browser, 'authority-anshan');
  await page.goto('/workbench');
  const spaces = page.locator('section', { has: page.getByRole('heading', { name: /名录中的众创空间/ }) });
  await spaces.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/workbench\/spaces\/\d+$/);
  const changes = page.locator('#changes');
  await expect(changes.getByText(/变更审核：依据/)).toBeVisible();
  const waiting = changes.locator('li', { has: page.locator('.badge', { hasText: '待审核' }) });
  const before = await waiting.count();
  expect(before).toBeGreaterThan(0);
  await expectAccessible(page, 'workbench-space-change-review');
  const first = waiting.first();
  const what = (await first.textContent())?.split('：')[0].trim() ?? '';
  await first.getByLabel(/审核意见/).fill('名称变更不影响备案条件');
  await first.getByRole('button', { name: '同意变更', exact: true }).click();
  const done = page.locator('#changes li', { hasText: what }).filter({ hasText: '审核意见：名称变更不影响备案条件' });
  await expect(done.locator('.badge', { hasText: /^同意变更（\d{4}-\d{2}-\d{2}）$/ })).toBeVisible();
  await expect(page.locator('#changes li', { has: page.locator('.badge', { hasText: '待审核' }) })).toHaveCount(before - 1);
  await expect(page.locator('#changes').getByRole('status')).toContainText(/变更审核：第 \d+ 项变更「.+」同意变更/);
});

// 内蒙古 第十七条: 应当及时通过所属地管理部门向自治区科技厅报备变更情况. The demo's Inner Mongolia space
// reported a change; the 盟市科技局 finds it from its workbench and passes it on with its opinion.
test('the unit of the area forwards a reported change', async ({ browser }) => {
  const page = await signIn(browser, 'recommender-inner-mongolia');
  await page.goto('/workbench');
  await page.getByRole('link', { name: /待转报变更 \d+ 项/ }).first().click();
  await expect(page).toHaveURL(/\/workbench\/spaces\/\d+#changes$/);
  const changes = page.locator('#changes');
  await expect(changes.getByText(/转报：依据/)).toBeVisible();
  const waiting = changes.locator('li', { has: page.locator('.badge', { hasText: /^待.+转报$/ }) });
  await expect(waiting).toHaveCount(1);
  await expectAccessible(page, 'workbench-space-change-forwarding');
  await waiting.getByLabel(/转报意见/).fill('经核实，情况属实');
  await waiting.getByRole('button', { name: '转报', exact: true }).click();
  await expect(changes.getByRole('status')).toContainText(/已于 \d{4}-\d{2}-\d{2} 转报至自治区科技厅/);
  await expect(changes.locator('.badge', { hasText: /已转报（\d{4}-\d{2}-\d{2}）$/ })).toBeVisible();
  await expect(changes).toContainText('转报意见：经核实，情况属实');
});
