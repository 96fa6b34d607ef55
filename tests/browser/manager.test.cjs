// The manager's dashboard in a real browser: Debian's chromium driven by
// playwright-core, against the real queue-server on a free loopback port.
//   node tests/browser/manager.test.cjs   (QUEUE_SERVER_BIN: the server binary;
//   QUEUE_SCREENSHOT_DIR: where to write the screenshots, optional)
// Checks: the sign-in with a personal account (made with queue-server --add-admin),
// a new ticket and an alarm appear without a reload; an alarm is acknowledged; a
// report is drawn; the CSV downloads and parses; the password change; the sign-out;
// the deprecated manager device token still signs in. The administration area: the
// administrator adds an operator and reads the one-time PIN from the page, moves window 2 to
// payments only, and that operator — signed in through the real API at window 2 — calls a
// payments ticket with no restart; the devices list shows the kiosk; the audit shows the change.
'use strict';

const { chromium } = require('playwright-core');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const assert = require('node:assert/strict');

const serverBin = process.env.QUEUE_SERVER_BIN;
if (!serverBin) {
  console.error('QUEUE_SERVER_BIN is not set');
  process.exit(2);
}
const shots = process.env.QUEUE_SCREENSHOT_DIR || '';

const adminPassword = 'Browser-admin-1';

// The first administrator, as an installer makes one: the password on standard input.
function addAdmin(dir) {
  const r = spawnSync(serverBin, ['--demo', '--db', path.join(dir, 'queue.db'), '--add-admin', 'admin'],
                      { input: `${adminPassword}\n`, encoding: 'utf8' });
  assert.equal(r.status, 0, `--add-admin: ${r.stdout}${r.stderr}`);
}

function startServer(dir) {
  return new Promise((resolve, reject) => {
    const proc = spawn(serverBin, ['--demo', '--db', path.join(dir, 'queue.db'), '--listen', '127.0.0.1:0'],
                       { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20000);
    const onData = chunk => {
      out += chunk;
      const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, base: `http://127.0.0.1:${m[1]}` });
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', code => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
}

async function api(base, method, p, token, body) {
  const r = await fetch(base + p, {
    method,
    headers: Object.assign({ Authorization: `Bearer ${token}` }, body ? { 'Content-Type': 'application/json' } : {}),
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
}

// A minimal CSV reader for our export: ';' separated, '"' quoted.
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; ++i; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; ++i; }
    else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-browser-'));
  addAdmin(dir);
  // An enrolled kiosk (besides the configured one): revoked from the devices page below.
  const enrol = spawnSync(serverBin, ['--demo', '--db', path.join(dir, 'queue.db'), '--enrol', 'kiosk-hall', '--role', 'kiosk'],
                          { encoding: 'utf8' });
  const code = (enrol.stdout.match(/enrolment code for kiosk 'kiosk-hall': (\S+)/) || [])[1];
  assert.ok(code, `--enrol: ${enrol.stdout}${enrol.stderr}`);
  const { proc, base } = await startServer(dir);
  const enrolled = await fetch(`${base}/api/v1/devices/enrol`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                                               body: JSON.stringify({ code }) });
  assert.equal(enrolled.status, 200);
  const hallToken = (await enrolled.json()).token;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  let failed = false;
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true,
                                               locale: 'ru-RU' });
    const page = await context.newPage();
    const requests = [];
    page.on('request', r => { if (r.isNavigationRequest()) requests.push(r.url()); });
    const errors = [];
    page.on('pageerror', e => errors.push(String(e)));
    // Nothing outside the server: the office may have no internet.
    page.on('request', r => assert.ok(r.url().startsWith(base) || r.url().startsWith('ws://127.0.0.1') ||
                                      r.url().startsWith('blob:') || r.url().startsWith('data:'),
                                      `external request: ${r.url()}`));

    await page.goto(`${base}/manager`);
    await page.fill('#login-name', 'admin');
    await page.fill('#login-password', 'not-the-password');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#login-error:has-text("Неверное имя пользователя или пароль")');
    if (shots) await page.screenshot({ path: path.join(shots, 'manager-sign-in.png') });
    await page.fill('#login-password', adminPassword);
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#services .card[data-service="payments"]');
    assert.equal(await page.textContent('#who'), 'admin (администратор)');
    // The session lives in an HttpOnly cookie: not in the page's storage, not readable by scripts.
    assert.equal(await page.evaluate(() => localStorage.getItem('queue.manager.token')), null);
    assert.equal(await page.evaluate(() => document.cookie.includes('queue_session')), false);
    await page.waitForSelector('#link.up');
    const navigations = requests.length;

    // A ticket taken at the kiosk shows up without a reload.
    const before = await page.textContent('.card[data-service="payments"] .waiting');
    assert.equal(before, '0');
    const issued = await api(base, 'POST', '/api/v1/tickets', 'demo-kiosk', { service: 'payments' });
    assert.equal(issued.status, 201);
    await page.waitForFunction(() => document.querySelector('.card[data-service="payments"] .waiting').textContent === '1',
                               null, { timeout: 10000 });

    // A printer out of paper: an alarm, pushed; acknowledged from the page.
    const st = await api(base, 'POST', '/api/v1/devices/status', 'demo-kiosk', { printer: 'paper_out' });
    assert.equal(st.status, 200);
    const alarm = page.locator('#alarms li.alarm.critical', { hasText: 'бумага' });
    await alarm.waitFor({ timeout: 10000 });
    assert.equal(await page.isVisible('#no-alarms'), false);
    // An operator serving, so the windows table shows a ticket and its timer.
    const session = await api(base, 'POST', '/api/v1/sessions', '', { login: 'ivanova', pin: '1111', window: 1 });
    assert.equal(session.status, 201, JSON.stringify(session.json));
    await api(base, 'POST', '/api/v1/windows/1/call', session.json.token);
    await api(base, 'POST', '/api/v1/windows/1/start', session.json.token);
    await page.waitForSelector('#windows tr[data-window="1"] td.ticket:has-text("П001")', { timeout: 10000 });
    await api(base, 'POST', '/api/v1/tickets', 'demo-kiosk', { service: 'contracts' });
    await api(base, 'POST', '/api/v1/tickets', 'demo-kiosk', { service: 'contracts' });
    await page.waitForFunction(() => document.querySelector('.card[data-service="contracts"] .waiting').textContent === '2',
                               null, { timeout: 10000 });
    if (shots) await page.screenshot({ path: path.join(shots, 'manager-dashboard.png'), fullPage: true });
    await alarm.locator('button.ack').click();
    await page.waitForSelector('#alarms li.alarm.acked', { timeout: 10000 });
    assert.equal(requests.length, navigations, 'the page must not reload');

    // Finish the visit so that the report has a served ticket, then the report and its CSV.
    await api(base, 'POST', '/api/v1/windows/1/finish', session.json.token, { outcome: 'resolved' });
    await page.click('#tab-reports');
    await page.click('#report-run');
    await page.waitForSelector('#report-table');
    const total = await page.textContent('#report-table tr.total td:nth-child(2)');
    assert.equal(total, '3');
    // The pre-booking summary of the same period: no bookings in this test, three walk-ins.
    await page.waitForSelector('#report-bookings');
    assert.match(await page.textContent('#report-bookings'), /без записи: 3\b/);
    if (shots) await page.screenshot({ path: path.join(shots, 'manager-report.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#report-csv')]);
    const file = path.join(dir, 'report.csv');
    await download.saveAs(file);
    const bytes = fs.readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xEF, 0xBB, 0xBF], 'UTF-8 with BOM for Excel');
    const rows = parseCsv(bytes.subarray(3).toString('utf8'));
    assert.equal(rows[0][0], 'Группа');
    assert.equal(rows[0].length, 19);
    const payments = rows.find(r => r[0] === 'Платёжные документы');
    assert.ok(payments, 'a row for payments');
    assert.equal(payments[1], '1');   // tickets
    assert.equal(payments[2], '1');   // served
    assert.equal(rows[rows.length - 1][0], 'Итого');
    assert.equal(rows[rows.length - 1][1], '3');

    // ---------------------------------------------------------------- administration
    await page.click('#tab-admin');
    await page.waitForSelector('#adm-window-list tr[data-window="2"] input[value="payments"]');
    // A new operator: the one-time PIN is shown once, on the page.
    await page.click('#admin-nav button[data-pane="operators"]');
    await page.fill('#adm-op-login', 'smirnova');
    await page.fill('#adm-op-name', 'Смирнова Ольга');
    await page.click('#adm-operator-add button[type=submit]');
    await page.waitForSelector('#adm-pin-box:not([hidden])');
    const pin = (await page.textContent('#adm-pin')).trim();
    assert.match(pin, /^\d{4,8}$/, `a one-time PIN on the page: ${pin}`);
    assert.match(await page.textContent('#adm-pin-title'), /smirnova/);
    await page.waitForSelector('#adm-operator-list tr[data-login="smirnova"]');
    if (shots) await page.screenshot({ path: path.join(shots, 'manager-admin-operators.png'), fullPage: true });
    await page.click('#adm-pin-close');
    assert.equal(await page.isVisible('#adm-pin-box'), false);

    // Window 2 serves payments only (it served contracts and payments).
    await page.click('#admin-nav button[data-pane="windows"]');
    const w2 = page.locator('#adm-window-list tr[data-window="2"]');
    for (const box of await w2.locator('input[type=checkbox]').all()) {
      const id = await box.getAttribute('value');
      if ((id === 'payments') !== await box.isChecked()) await box.click();
    }
    await w2.locator('button.save').click();
    await page.waitForSelector('#admin-msg.notice:has-text("Сохранено")');
    if (shots) await page.screenshot({ path: path.join(shots, 'manager-admin-windows.png'), fullPage: true });

    // Someone else changes the configuration meanwhile (another administrator, by the API):
    // the page's next change meets a 409, says so and reloads.
    const other = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                                            body: JSON.stringify({ login: 'admin', password: adminPassword }) });
    assert.equal(other.status, 200);
    const otherToken = (await other.json()).token;
    const renamed = await api(base, 'PUT', '/api/v1/admin/windows/4', otherToken, { services: ['b2b_contracts'] });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.json));
    await page.locator('#adm-window-list tr[data-window="1"] button.save').click();
    await page.waitForSelector('#admin-msg.error:has-text("Изменено кем-то другим")');
    await page.locator('#adm-window-list tr[data-window="1"] button.save').click();
    await page.waitForSelector('#admin-msg.notice:has-text("Сохранено")');

    // A payments ticket from the kiosk; two contracts tickets are older and still waiting, so
    // only the new assignment makes window 2 call the payments one.
    const pay = await api(base, 'POST', '/api/v1/tickets', 'demo-kiosk', { service: 'payments' });
    assert.equal(pay.status, 201, JSON.stringify(pay.json));
    const desk = await api(base, 'POST', '/api/v1/sessions', '', { login: 'smirnova', pin, window: 2 });
    assert.equal(desk.status, 201, `the new operator signs in with the PIN from the page: ${JSON.stringify(desk.json)}`);
    const called = await api(base, 'POST', '/api/v1/windows/2/call', desk.json.token);
    assert.equal(called.status, 200, JSON.stringify(called.json));
    assert.equal(JSON.stringify(called.json).includes(pay.json.number || pay.json.ticket?.number), true,
                 `window 2 calls the payments ticket: ${JSON.stringify(called.json)}`);
    await page.click('#tab-live');
    await page.waitForSelector('#windows tr[data-window="2"] td.ticket:has-text("П")', { timeout: 10000 });
    await page.click('#tab-admin');

    // Topics: the list with prefixes and norms.
    await page.click('#admin-nav button[data-pane="topics"]');
    await page.waitForSelector('#adm-topic-list tr[data-topic="payments"]');
    // A refused change: the server's message and its field, nothing changed.
    await page.fill('#adm-tp-id', 'cards');
    await page.fill('#adm-tp-name', 'Карты');
    await page.fill('#adm-tp-prefix', '1');
    await page.fill('#adm-tp-service', '5');
    await page.click('#adm-topic-form button[type=submit]');
    await page.waitForSelector('#admin-msg.error:has-text("поле: services")');
    assert.equal(await page.locator('#adm-topic-list tr[data-topic="cards"]').count(), 0);
    await page.click('#adm-topic-reset');
    if (shots) await page.screenshot({ path: path.join(shots, 'manager-admin-topics.png'), fullPage: true });

    // Devices: the configured kiosk, seen today.
    await page.click('#admin-nav button[data-pane="devices"]');
    await page.waitForSelector('#adm-device-list tr[data-device="kiosk-1"]');
    assert.match(await page.textContent('#adm-device-list tr[data-device="kiosk-1"]'), /киоск/);
    if (shots) await page.screenshot({ path: path.join(shots, 'manager-admin-devices.png'), fullPage: true });
    // Revoking the enrolled kiosk (after a confirmation): its token stops working.
    page.once('dialog', d => d.accept());
    await page.locator('#adm-device-list tr[data-device="kiosk-hall"] button').click();
    await page.waitForSelector('#adm-device-list tr[data-device="kiosk-hall"] td:has-text("удалено")', { timeout: 10000 })
      .catch(() => page.waitForSelector('#adm-device-list tr[data-device="kiosk-hall"]', { state: 'detached' }));
    const revoked = await api(base, 'POST', '/api/v1/tickets', hallToken, { service: 'payments' });
    assert.equal(revoked.status, 401, `a revoked kiosk: ${revoked.status}`);
    // A new board from the devices page: a one-time pairing code, shown once, that enrols.
    await page.fill('#adm-dev-name', 'board-door');
    await page.selectOption('#adm-dev-role', 'display');
    await page.click('#adm-device-add button');
    await page.waitForSelector('#adm-pin-box:not([hidden])');
    assert.match(await page.textContent('#adm-pin-title'), /board-door/);
    const pairing = (await page.textContent('#adm-pin')).trim();
    assert.match(pairing, /^[0-9A-Z]{5}-[0-9A-Z]{5}$/, `pairing code: ${pairing}`);
    assert.match(await page.textContent('#adm-pin-note'), /--enrol/);
    if (shots) await page.screenshot({ path: path.join(shots, 'manager-admin-device-code.png'), fullPage: true });
    await page.click('#adm-pin-close');
    const paired = await fetch(base + '/api/v1/devices/enrol', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: pairing }) });
    assert.equal(paired.status, 200, `enrolling with the page's code: ${paired.status}`);
    const board = await paired.json();
    assert.equal(board.role, 'display');
    assert.equal((await api(base, 'GET', '/api/v1/windows', board.token)).status, 200);

    // Audit: the window change by the administrator.
    await page.click('#admin-nav button[data-pane="audit"]');
    const change = page.locator('#adm-audit-list tr[data-action="window.services"]', { hasText: 'window:2' });
    await change.first().waitFor({ timeout: 10000 });
    assert.match(await change.first().textContent(), /account:admin/);
    await page.locator('#adm-audit-list tr[data-action="device.code"]', { hasText: 'board-door' }).first().waitFor({ timeout: 10000 });
    assert.match(await page.getAttribute('#adm-audit-csv', 'href'), /format=csv/);
    if (shots) await page.screenshot({ path: path.join(shots, 'manager-admin-audit.png'), fullPage: true });

    // Office: the contact-centre phone, saved and read back from the configuration.
    await page.click('#admin-nav button[data-pane="office"]');
    await page.fill('#adm-office-phone', '8-800-200-00-00');
    await page.fill('#adm-office-line', 'Касса работает до 17:00');
    await page.click('#adm-office-form button[type=submit]');
    await page.waitForSelector('#admin-msg.notice:has-text("Сохранено")');
    const office = await api(base, 'GET', '/api/v1/admin/config', otherToken);
    assert.equal(office.json.config.office.phone, '8-800-200-00-00');
    assert.equal(office.json.config.office.running_line, 'Касса работает до 17:00');
    await page.click('#tab-live');

    // The advice "open another window for contracts" (nobody serves it; two tickets wait) has a
    // button per candidate window; the one for window 1 adds contracts to it.
    const open1 = page.locator('#advice li.open_window[data-service="contracts"] button.advice-open[data-window="1"]');
    await open1.waitFor({ timeout: 10000 });
    await open1.click();
    await open1.waitFor({ state: 'detached', timeout: 10000 });
    const cfg = await api(base, 'GET', '/api/v1/admin/config', otherToken);
    assert.deepEqual(cfg.json.config.windows.find(w => w.number === 1).services.slice().sort(),
                     ['contracts', 'payments', 'reception']);

    // The password change: a mismatch is caught on the page, then the real change.
    await page.click('#tab-live');
    await page.click('#change-password');
    await page.fill('#old-password', adminPassword);
    await page.fill('#new-password', 'Browser-admin-2');
    await page.fill('#repeat-password', 'Browser-admin-3');
    await page.click('#password-form button[type=submit]');
    await page.waitForSelector('#password-error:has-text("не совпадают")');
    await page.fill('#repeat-password', 'Browser-admin-2');
    await page.click('#password-form button[type=submit]');
    await page.waitForSelector('#password-error:has-text("Пароль изменён")');
    if (shots) await page.screenshot({ path: path.join(shots, 'manager-password.png') });
    await page.click('#password-cancel');

    // English is one click away.
    await page.click('#lang');
    await page.waitForSelector('#tab-live:has-text("Live")');
    await page.waitForSelector('#who:has-text("admin (administrator)")');
    await page.waitForSelector('#link.up:has-text("online")');
    await page.click('#tab-admin');
    await page.waitForSelector('#tab-admin:has-text("Administration")');
    await page.click('#admin-nav button[data-pane="operators"]');
    await page.waitForSelector('#adm-operator-list tr[data-login="smirnova"] button.reset:has-text("Reset PIN")');
    if (shots) await page.screenshot({ path: path.join(shots, 'manager-admin-operators-en.png'), fullPage: true });
    await page.click('#tab-live');

    // Sign-out ends the session on the server too; the new password signs in again.
    await page.click('#logout');
    await page.waitForSelector('#login-form', { state: 'visible' });
    const after = await page.evaluate(async () => (await fetch('/api/v1/dashboard')).status);
    assert.equal(after, 401, 'the cookie no longer works after sign-out');
    await page.fill('#login-name', 'admin');
    await page.fill('#login-password', 'Browser-admin-2');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#link.up');
    await page.click('#logout');
    await page.waitForSelector('#login-form', { state: 'visible' });

    // The deprecated manager device token, from the small link under the form.
    await page.click('details.token-login summary');
    await page.fill('#token', 'demo-manager');
    await page.click('#token-form button[type=submit]');
    await page.waitForSelector('#services .card[data-service="payments"]');
    assert.deepEqual(errors, [], 'no script errors');
    console.log('manager browser test: all checks passed');
  } catch (e) {
    failed = true;
    console.error(e);
  } finally {
    await browser.close();
    proc.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

main().catch(e => { console.error(e); process.exit(1); });
