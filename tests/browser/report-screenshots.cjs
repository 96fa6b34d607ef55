// Screenshots of the manager's report on a generated history (not a test):
//   build/bench/queue-report-bench --tickets 40000 --runs 1 --keep /tmp/year
//   build/server/queue-server --demo --db /tmp/year/year.db --listen 127.0.0.1:8471 &
//   NODE_PATH=tests/browser/node_modules node tests/browser/report-screenshots.cjs http://127.0.0.1:8471 docs/screenshots
'use strict';
const { chromium } = require('playwright-core');
const path = require('node:path');

(async () => {
  const [base, out] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
  await page.goto(`${base}/manager`);
  await page.fill('#token', 'demo-manager');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#services .card');
  await page.click('#tab-reports');
  await page.selectOption('#period', 'month');
  await page.click('#report-run');
  await page.waitForSelector('#report-table');
  await page.screenshot({ path: path.join(out, 'manager-report.png'), fullPage: true });
  await page.selectOption('#group', 'operator');
  await page.click('#report-run');
  await page.waitForSelector('#report-table');
  await page.goto(`${base}/manager/report?period=month&group=service&print=0`);
  await page.waitForSelector('#report-table');
  await page.screenshot({ path: path.join(out, 'manager-report-print.png'), fullPage: true });
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
