import { Page, expect } from '@playwright/test';
// Playwright compiles specs to CommonJS, so require.resolve finds the installed package.
const axePath = require.resolve('axe-core/axe.min.js');

/** Runs axe-core on the page and fails on serious or critical violations (WCAG 2 A/AA). */
export async function expectAccessible(page: Page, name: string) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const r = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
    return r.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, target: v.nodes[0]?.target }));
  });
  const serious = result.filter((v: any) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${name}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
}

/** Saves a full-page screenshot as a test artefact. */
export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `artifacts/screenshots/${name}.png`, fullPage: true });
}
