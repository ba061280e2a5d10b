import { test, expect, Page } from '@playwright/test';
import { expectAccessible, shot } from './a11y';
import { demo, signIn } from './demo';

function addDays(iso: string, days: number): string {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The card of an action on the workbench case page, by its heading. */
const card = (page: Page, heading: string) =>
  page.locator('#actions section', { has: page.getByRole('heading', { name: heading }) });

async function currentStep(page: Page): Promise<string> {
  return (await page.locator('.step-current .step-label').first().textContent()) ?? '';
}

/** Completes the current stage with a note (on a date, default today). */
async function complete(page: Page, caseId: string, note: string, on?: string) {
  await page.goto(`/workbench/cases/${caseId}`);
  const before = await currentStep(page);
  const c = card(page, '办结本环节');
  await c.getByLabel('办理意见').fill(note);
  if (on) await c.getByLabel('办理日期').fill(on);
  await c.getByRole('button', { name: '办结，转下一环节' }).click();
  await expect(page.locator('.step-current .step-label').first()).not.toHaveText(before);
}

test('from application to the register, with expert review, notice and objection', async ({ browser }) => {
  const today: string = demo.today;

  // ── The applicant self-checks, applies with uploads and submits.
  const applicant = await signIn(browser, 'applicant-e2e', { acceptDialogs: true });
  await applicant.goto('/self-check?example=1');
  await applicant.getByRole('button', { name: '核查' }).click();
  await expect(applicant.locator('#result').getByText('符合条件').first()).toBeVisible();

  await applicant.goto('/portal');
  await expect(applicant.getByRole('heading', { name: '申报单位工作台' })).toBeVisible();
  await expectAccessible(applicant, 'portal');
  await shot(applicant, 'portal');
  await applicant.locator('.card', { hasText: '内蒙古' }).getByRole('link', { name: '申报' }).click();
  await expect(applicant.getByRole('heading', { level: 1 })).toContainText('申报通知');
  await applicant.locator('#draft-form').getByRole('button', { name: '保存草稿' }).click();
  await expect(applicant).toHaveURL(/\/portal\/cases\/\d+\/edit/);
  const caseId = applicant.url().match(/cases\/(\d+)/)![1];

  // A typed value with an error is kept beside its field.
  const area = applicant.getByLabel('众创空间总面积', { exact: false }).first();
  if (await area.count()) {
    await area.fill('1200');
  }
  await applicant.locator('#draft-form').getByRole('button', { name: '保存草稿' }).click();
  await expect(applicant.getByText('草稿已保存')).toBeVisible();
  await expect(applicant.locator('#eligibility-body')).not.toBeEmpty();

  // Upload a PDF for every required material (内蒙古 第七条), the size of a real scan (2 MiB:
  // far over the 256 KiB limit of other forms, within the upload limit).
  const pdf = Buffer.concat([
    Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n%'),
    Buffer.alloc(2 * 1024 * 1024, 0x30),
    Buffer.from('\ntrailer<</Root 1 0 R>>\n%%EOF\n'),
  ]);
  const rows = applicant.locator('li.material', { has: applicant.locator('.tag', { hasText: '必交' }) });
  const n = await rows.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    const row = rows.nth(i);
    const id = (await row.getAttribute('id'))!;
    await row.locator('input[type=file]').setInputFiles({ name: `材料${i + 1}.pdf`, mimeType: 'application/pdf', buffer: pdf });
    await row.getByRole('button', { name: '上传' }).click();
    await expect(applicant.locator(`#${id}`).getByText('已上传')).toBeVisible();
  }
  await shot(applicant, 'application-draft');
  await applicant.getByRole('button', { name: '提交申报' }).click();
  await expect(applicant).toHaveURL(new RegExp(`/portal/cases/${caseId}/submitted`));
  await expect(applicant.getByText('已收到您的申报')).toBeVisible();
  await shot(applicant, 'application-submitted');

  // The 申报书 as submitted: the page's link answers a PDF typeset on the server (with the
  // Chinese fonts embedded, so more than a few kilobytes), for the applicant's own case only.
  const pdfHref = await applicant.getByRole('link', { name: '下载申报书（PDF）' }).getAttribute('href');
  expect(pdfHref).toBe(`/portal/cases/${caseId}/application.pdf`);
  const printed = await applicant.request.get(pdfHref!);
  expect(printed.status()).toBe(200);
  expect(printed.headers()['content-type']).toContain('application/pdf');
  const bytes = await printed.body();
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(bytes.length).toBeGreaterThan(10_000);
  expect(bytes.length).toBeLessThan(20_000_000);
  expect(bytes.subarray(-1024).toString('latin1')).toContain('%%EOF');
  const otherPdf = await applicant.request.get(
    `/portal/cases/${demo.cases['recognised-inner-mongolia']}/application.pdf`,
  );
  expect(otherPdf.status()).toBe(404);

  // ── The recommending unit recommends.
  const recommender = await signIn(browser, 'recommender-inner-mongolia', { acceptDialogs: true });
  await recommender.goto('/workbench');
  await expect(recommender.getByRole('link', { name: '和林格尔数字创客中心运营管理有限公司' })).toBeVisible();
  await expectAccessible(recommender, 'workbench');
  await shot(recommender, 'workbench-recommender');
  await complete(recommender, caseId, '材料齐全，同意推荐');

  // ── The authority: material check, then expert review.
  const authority = await signIn(browser, 'authority-inner-mongolia', { acceptDialogs: true });
  const reviewed = await authority.request.get(`/workbench/cases/${caseId}/application.pdf`);
  expect(reviewed.status()).toBe(200);
  expect(reviewed.headers()['content-type']).toContain('application/pdf');
  expect((await reviewed.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await complete(authority, caseId, '材料审核通过');
  await authority.goto(`/workbench/cases/${caseId}`);
  const assign = card(authority, '指派评审专家');
  await assign.getByLabel('王建华', { exact: false }).check();
  await assign.getByRole('button', { name: '指派' }).click();
  await expect(authority.getByText('待评分')).toBeVisible();

  const expert = await signIn(browser, 'expert-wang', { acceptDialogs: true });
  await expert.goto('/expert');
  const mine = expert.locator('article', { hasText: '和林格尔数字创客中心' });
  await mine.getByLabel('评分（0–100）').fill('86');
  await mine.getByLabel('评审意见').fill('服务体系完整，建议通过');
  await shot(expert, 'expert');
  await mine.getByRole('button', { name: '提交评分' }).click();
  await expect(expert.locator('article', { hasText: '和林格尔数字创客中心' }).getByText('已评分：86 分')).toBeVisible();

  await complete(authority, caseId, '专家评审完成');
  // ── The site inspection: a record of the visit before the stage can be completed; a missing
  // name comes back beside its field with what was typed kept.
  await authority.goto(`/workbench/cases/${caseId}`);
  const inspection = () => card(authority, '登记实地核查记录');
  const found = '实测场地 1200 平方米、工位 80 个，公共服务区与申报一致';
  await inspection().getByLabel('场地、工位和服务设施与申报一致').check();
  await inspection().getByLabel('核查情况').fill(found);
  await inspection().getByRole('button', { name: '登记核查记录' }).click();
  await expect(inspection().getByText('请写明核查人员')).toBeVisible();
  await expect(inspection().getByLabel('核查情况')).toHaveValue(found);
  await expect(inspection().getByLabel('场地、工位和服务设施与申报一致')).toBeChecked();
  await expectAccessible(authority, 'workbench-inspection');
  await inspection().getByLabel('核查人员').fill('张明、李华');
  // The area measured on the visit (核实数), beside the declared one; the case is checked
  // again on it.
  await inspection().getByLabel('众创空间总面积').fill('1200');
  await inspection().getByRole('button', { name: '登记核查记录' }).click();
  await expect(authority.getByRole('heading', { name: '实地核查记录', exact: true })).toBeVisible();
  const records = authority.locator('section[aria-labelledby="inspections-h"]');
  await expect(records.getByText('核查（张明、李华）')).toBeVisible();
  await expect(records.getByRole('table', { name: '核实数与申报数' }).getByRole('row', { name: /众创空间总面积/ })).toContainText('1200');
  await expect(records.getByText('按核实数重新核查')).toBeVisible();
  await shot(authority, 'workbench-inspection');
  await complete(authority, caseId, '实地核查：场地与申报一致');
  await complete(authority, caseId, '信用审查：无失信记录');
  await complete(authority, caseId, '列入拟认定名单');

  // ── The notice, an objection from the public, its ruling.
  await authority.goto(`/workbench/cases/${caseId}`);
  const publish = card(authority, '发布公示');
  await publish.getByLabel('公示期（天）').fill('7');
  await publish.getByRole('button', { name: '发布公示' }).click();
  await expect(authority.getByText('公示期至')).toBeVisible();

  const publicCtx = await browser.newContext();
  const visitor = await publicCtx.newPage();
  await visitor.goto('/notices');
  const notice = visitor.locator('section.notice', { hasText: '和林格尔数字创客中心' });
  await notice.getByText('对该申报提出异议').click();
  await notice.getByRole('button', { name: '提交异议' }).click();
  await expect(visitor.locator('section.notice', { hasText: '和林格尔数字创客中心' }).getByText('请选择异议针对的条件或材料')).toBeVisible();
  const again = visitor.locator('section.notice', { hasText: '和林格尔数字创客中心' });
  await again.getByLabel('异议针对').selectOption({ index: 1 });
  await again.getByLabel('异议内容和理由').fill('申报的工位数与现场不符。');
  await again.getByRole('button', { name: '提交异议' }).click();
  await expect(visitor.getByText('已收到您的异议')).toBeVisible();
  await expectAccessible(visitor, 'notices');
  await shot(visitor, 'notices');

  await authority.goto(`/workbench/cases/${caseId}`);
  const objection = card(authority, '公示异议');
  await objection.getByLabel('异议不成立').check();
  await objection.getByLabel('理由（核查情况）').fill('经现场核查，工位数与申报一致');
  await objection.getByRole('button', { name: '记录处理结论' }).click();
  await expect(authority.getByText('异议不成立（')).toBeVisible();
  await shot(authority, 'workbench-case');

  // The notice period runs out (the demo clock lets the 办理日期 be later).
  const after = addDays(today, 9);
  await complete(authority, caseId, '公示期满，异议已处理', after);
  await authority.goto(`/workbench/cases/${caseId}`);
  const decide = card(authority, '作出决定');
  await decide.getByLabel('文号').fill('内科高字〔2099〕1号');
  await decide.getByLabel('办理日期').fill(after);
  await decide.getByRole('button', { name: '作出决定' }).click();
  await expect(authority.getByText('内科高字〔2099〕1号').first()).toBeVisible();

  // ── The space is on the public register.
  await visitor.goto('/register?q=和林格尔');
  await expect(visitor.getByRole('rowheader', { name: '和林格尔数字创客中心运营管理有限公司' })).toBeVisible();
  await expectAccessible(visitor, 'register');
  await shot(visitor, 'register');

  // ── A statistics filing.
  await applicant.goto('/portal');
  await applicant.getByRole('link', { name: '统计数据上报' }).first().click();
  // Decided nine days on (the demo clock), the space is recognised in a half that has not begun
  // when those days cross a half's end (内蒙古 每半年): then there is nothing to file yet.
  const half = (iso: string) => `${iso.slice(0, 4)}H${Number(iso.slice(5, 7)) <= 6 ? 1 : 2}`;
  if (half(after) !== half(today)) {
    await expect(applicant.getByRole('status')).toContainText('暂无须报送');
    await expect(applicant.locator('select#period')).toHaveCount(0);
  } else {
    await expect(applicant.locator('select#period')).toHaveValue(half(today));
    const values: Record<string, string> = {
      '众创空间总面积': '1200', '公共服务场地面积': '500', '创业工位数': '80',
      '现有入驻团队和企业': '30', '本期新入驻团队和企业': '6', '本期毕业（进入市场）企业': '2',
      '机构总人数（不含物业）': '12', '专业孵化服务人员': '8', '创业导师': '10', '本期举办创业活动': '12',
    };
    for (const [label, v] of Object.entries(values)) {
      const f = applicant.getByLabel(label, { exact: false }).first();
      if (await f.count()) await f.fill(v);
    }
    const rest = applicant.locator('form input[type=number]');
    for (let i = 0; i < (await rest.count()); i++) {
      if (!(await rest.nth(i).inputValue())) await rest.nth(i).fill('1');
    }
    await applicant.getByRole('button', { name: '上报' }).click();
    await expect(applicant.getByText('已受理')).toBeVisible();
    await shot(applicant, 'statistics');
  }

  // ── The space is later recognised as an incubator (内蒙古 第九条): the authority records it on
  // the workbench; a missing category comes back beside its field with what was typed kept.
  await applicant.goto(`/portal/cases/${caseId}`);
  const spaceHref = await applicant.getByRole('link', { name: '众创空间：报送与义务' }).getAttribute('href');
  const spaceId = spaceHref!.match(/spaces\/(\d+)/)![1];
  await authority.goto(`/workbench/spaces/${spaceId}`);
  const exit = authority.locator('#scope-exit');
  await exit.getByLabel('认定（备案）日期').fill(today);
  await exit.getByLabel('认定机关').fill('内蒙古自治区科学技术厅');
  await exit.getByLabel('登记的事实和理由').fill('认定为自治区级科技企业孵化器');
  await exit.getByRole('button', { name: '登记并移出管理范围' }).click();
  await expect(authority.locator('#scope-exit').getByText('请选择认定（备案）的载体类别')).toBeVisible();
  await expect(authority.locator('#scope-exit').getByLabel('认定机关')).toHaveValue('内蒙古自治区科学技术厅');
  await expectAccessible(authority, 'workbench-space-records');
  await authority.locator('#scope-exit').getByLabel('科技企业孵化器').check();
  await authority.locator('#scope-exit').getByRole('button', { name: '登记并移出管理范围' }).click();
  await expect(authority.locator('#rec-h + dl').getByText('已移出管理范围')).toBeVisible();
  await expect(authority.locator('#records').getByText('认定（备案）为科技企业孵化器')).toBeVisible();
  await shot(authority, 'workbench-space-scope-exit');

  // ── Another organisation's case is refused (as if it did not exist).
  const other = String(demo.cases['recognised-inner-mongolia']);
  const res = await applicant.goto(`/portal/cases/${other}`);
  expect(res?.status()).toBe(404);
  const res2 = await applicant.goto(`/workbench/cases/${caseId}`);
  expect(res2?.status()).toBe(403);
});
