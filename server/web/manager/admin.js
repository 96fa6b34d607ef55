'use strict';
// The administration area of /manager: windows' topics, operators, topics, devices and the
// audit trail, over /api/v1/admin/… (docs/api.md). Loaded after app.js and uses its helpers
// ($, t, fmt, el, api, state). The live configuration has one version: every change sends the
// version last seen (If-Match); a 409 means someone else changed it — the page reloads it.

Object.assign(I18N.ru, {
  adminTab: 'Администрирование', admWindows: 'Окна', admOperators: 'Операторы', admTopics: 'Темы',
  admDevices: 'Устройства', admAudit: 'Журнал', admSave: 'Сохранить', admSaved: 'Сохранено.',
  admConflict: 'Изменено кем-то другим — данные перезагружены, повторите.', admFieldError: '{m} (поле: {f})',
  admLogin: 'Логин', admName: 'Имя', admAdd: 'Добавить', admActive: 'активен', admInactive: 'отключён',
  admDeactivate: 'Отключить', admActivate: 'Включить', admResetPin: 'Сбросить PIN', admUnlock: 'Разблокировать',
  admUnlocked: 'Оператор {l} разблокирован.', admPinTitle: 'Одноразовый PIN оператора {l}',
  admPinNote: 'PIN показан только сейчас: передайте его оператору. Повторно его не увидеть.',
  admPinClose: 'Понятно', admConfirmDeactivate: 'Отключить оператора {l}? Его сеанс завершится.',
  admId: 'Код', admPrefix: 'Префикс', admSegment: 'Сегмент', admWaitNorm: 'Норма ожидания, мин',
  admServiceNorm: 'Норма обслуживания, мин', admDescription: 'Описание', admEdit: 'Изменить',
  admRetire: 'Вывести из работы', admRetired: 'выведена', admUp: '▲', admDown: '▼', admOrder: 'Порядок',
  admConfirmRetire: 'Вывести тему «{n}» из работы? Ожидающие талоны будут обслужены до конца.',
  admRole: 'Роль', admSource: 'Источник', admLastSeen: 'Последняя связь', admStreams: 'Потоков',
  admPrinter: 'Принтер', admRevoke: 'Отозвать', admConfirmRevoke: 'Отозвать устройство {n}? Его соединение закроется.',
  srcConfig: 'конфигурация', srcEnrolled: 'по коду подключения', srcGone: 'удалено', admActor: 'Кто',
  admWhen: 'Время', admAddress: 'Адрес', admAction: 'Действие', admObject: 'Объект', admOutcome: 'Итог',
  admBefore: 'До', admAfter: 'После', admCsv: 'CSV для Excel', admTruncated: 'Показаны не все записи: сузьте период.',
  admManagerOperators: 'Сброс PIN и разблокировка оператора по логину.', admActions: 'Действия',
  adviceOpen: 'Открыть окно {n} для этой темы', admOffice: 'Офис',
  admPhone: 'Телефон контакт-центра (печатается на талоне)', admRunningLine: 'Бегущая строка на табло',
  deviceRoles: { kiosk: 'киоск', display: 'табло', booking: 'запись', manager: 'руководитель' },
  roleKiosk: 'киоск', roleDisplay: 'табло', roleBooking: 'запись', admValidHours: 'Код действует, ч',
  admMakeCode: 'Получить код подключения', admCodeTitle: 'Код подключения устройства {n}',
  admCodeNote: 'Код показан только сейчас и действует до {w}, один раз. На устройстве: queue-kiosk (или queue-board) --enrol https://АДРЕС:8470 КОД',
  printerStates: { ok: 'в порядке', paper_low: 'бумага кончается', paper_out: 'нет бумаги', offline: 'не на связи', error: 'ошибка' }, admNoRights: 'Нет прав.', admTopicsOf: 'Темы окна'
});
Object.assign(I18N.en, {
  adminTab: 'Administration', admWindows: 'Windows', admOperators: 'Operators', admTopics: 'Topics',
  admDevices: 'Devices', admAudit: 'Audit', admSave: 'Save', admSaved: 'Saved.',
  admConflict: 'Changed by someone else — reloaded; please try again.', admFieldError: '{m} (field: {f})',
  admLogin: 'Login', admName: 'Name', admAdd: 'Add', admActive: 'active', admInactive: 'deactivated',
  admDeactivate: 'Deactivate', admActivate: 'Activate', admResetPin: 'Reset PIN', admUnlock: 'Unlock',
  admUnlocked: 'Operator {l} unlocked.', admPinTitle: 'One-time PIN of operator {l}',
  admPinNote: 'The PIN is shown only now: give it to the operator. It cannot be seen again.',
  admPinClose: 'Done', admConfirmDeactivate: 'Deactivate operator {l}? Their session ends.',
  admId: 'Id', admPrefix: 'Prefix', admSegment: 'Segment', admWaitNorm: 'Wait norm, min',
  admServiceNorm: 'Service norm, min', admDescription: 'Description', admEdit: 'Edit',
  admRetire: 'Retire', admRetired: 'retired', admUp: '▲', admDown: '▼', admOrder: 'Order',
  admConfirmRetire: 'Retire the topic “{n}”? Waiting tickets will be served to the end.',
  admRole: 'Role', admSource: 'Source', admLastSeen: 'Last seen', admStreams: 'Streams',
  admPrinter: 'Printer', admRevoke: 'Revoke', admConfirmRevoke: 'Revoke device {n}? Its connection is closed.',
  srcConfig: 'configuration', srcEnrolled: 'enrolled by code', srcGone: 'removed', admActor: 'Who',
  admWhen: 'When', admAddress: 'Address', admAction: 'Action', admObject: 'Object', admOutcome: 'Outcome',
  admBefore: 'Before', admAfter: 'After', admCsv: 'CSV for Excel', admTruncated: 'Not all entries shown: narrow the period.',
  admManagerOperators: 'Reset PIN and unlock an operator by login.', admActions: 'Actions',
  adviceOpen: 'Open window {n} for this topic', admOffice: 'Office',
  admPhone: 'Contact-centre phone (printed on tickets)', admRunningLine: 'Running line on the board',
  deviceRoles: { kiosk: 'kiosk', display: 'display', booking: 'booking', manager: 'manager' },
  roleKiosk: 'kiosk', roleDisplay: 'display', roleBooking: 'booking', admValidHours: 'Code valid, h',
  admMakeCode: 'Get a pairing code', admCodeTitle: 'Pairing code of device {n}',
  admCodeNote: 'The code is shown only now, works once, until {w}. On the device: queue-kiosk (or queue-board) --enrol https://ADDRESS:8470 CODE',
  printerStates: { ok: 'ok', paper_low: 'paper low', paper_out: 'out of paper', offline: 'offline', error: 'error' }, admNoRights: 'Not allowed.', admTopicsOf: 'Window topics'
});

const admin = { config: null, version: null, pane: 'windows' };
const isAdministrator = () => !!(state.account && state.account.role === 'administrator');
const mayAdminister = () => !!(state.account && ['administrator', 'manager'].includes(state.account.role));

function adminMessage(text, ok) {
  const p = $('admin-msg');
  p.className = ok ? 'notice' : 'error';
  p.textContent = text;
}

// A change: If-Match with the version last seen; 409 → reload; 400 → the message and its field.
async function adminChange(method, path, body) {
  const headers = {};
  if (admin.version !== null) headers['If-Match'] = `"${admin.version}"`;
  const r = await api(path, { method, body, headers, keepSession: true });
  if (r.status === 401) { showLogin(t('sessionEnded')); throw new Error('unauthorized'); }
  const o = await r.json().catch(() => ({}));
  if (r.ok) {
    if (o.version !== undefined) admin.version = o.version;
    return o;
  }
  if (r.status === 409 && o.error && o.error.field === 'version') {
    adminMessage(t('admConflict'));
    await loadAdmin();
    adminMessage(t('admConflict'));
  } else if (r.status === 403) {
    adminMessage(t('admNoRights'));
  } else {
    const e = o.error || {};
    adminMessage(e.field ? fmt(t('admFieldError'), { m: e.message, f: e.field }) : (e.message || String(r.status)));
  }
  return null;
}

async function loadAdmin() {
  if (isAdministrator()) {
    const r = await api('/api/v1/admin/config', { keepSession: true });
    if (r.ok) {
      const o = await r.json();
      admin.config = o.config;
      admin.version = o.version;
    }
  } else if (state.snapshot) {   // a manager: windows and topics from the dashboard
    admin.config = { services: state.snapshot.services, windows: state.snapshot.windows, operators: [] };
    admin.version = null;
  }
  renderAdmin();
}

function showAdminPane(name) {
  admin.pane = name;
  for (const b of document.querySelectorAll('#admin-nav button')) b.classList.toggle('active', b.dataset.pane === name);
  for (const p of document.querySelectorAll('#admin .pane')) p.hidden = p.id !== `adm-${name}`;
  $('admin-msg').textContent = '';
  if (name === 'devices') loadDevices().catch(() => {});
  if (name === 'audit') loadAudit().catch(() => {});
}

function renderAdmin() {
  for (const b of document.querySelectorAll('#admin-nav button.admin-only')) b.hidden = !isAdministrator();
  $('adm-operator-add').hidden = !isAdministrator();
  $('adm-device-add').hidden = !isAdministrator();
  $('adm-manager-operators').hidden = isAdministrator();
  renderWindows();
  renderOperators();
  renderTopics();
  renderOffice();
}

function renderOffice() {
  const office = (admin.config && admin.config.office) || {};
  $('adm-office-phone').value = office.phone || '';
  $('adm-office-line').value = office.running_line || '';
}

async function saveOffice(ev) {
  ev.preventDefault();
  const value = id => ($(id).value.trim() === '' ? null : $(id).value.trim());   // null removes the setting
  const o = await adminChange('PUT', '/api/v1/admin/office',
                              { office: { phone: value('adm-office-phone'), running_line: value('adm-office-line') } });
  if (!o) return;
  adminMessage(t('admSaved'), true);
  await loadAdmin();
}

const activeTopics = () => ((admin.config && admin.config.services) || []).filter(s => !s.retired);

function renderWindows() {
  const tbody = $('adm-window-list');
  tbody.textContent = '';
  if (!admin.config) return;
  for (const w of admin.config.windows || []) {
    const tr = el('tr', { 'data-window': w.number });
    tr.appendChild(el('td', {}, w.name ? `${w.number} · ${w.name}` : String(w.number)));
    const td = el('td');
    const checks = el('div', { class: 'checks' });
    td.appendChild(checks);
    for (const s of activeTopics()) {
      const label = el('label', { class: 'check' });
      const box = el('input', { type: 'checkbox', value: s.id });
      box.checked = (w.services || []).includes(s.id);
      label.appendChild(box);
      label.appendChild(document.createTextNode(` ${s.prefix} · ${s.name}`));
      checks.appendChild(label);
    }
    tr.appendChild(td);
    const save = el('button', { class: 'small save' }, t('admSave'));
    save.onclick = async () => {
      const services = [...td.querySelectorAll('input:checked')].map(b => b.value);
      const o = await adminChange('PUT', `/api/v1/admin/windows/${w.number}`, { services });
      if (o) { adminMessage(t('admSaved'), true); w.services = services; scheduleRefresh(); }
    };
    const cell = el('td');
    cell.appendChild(save);
    tr.appendChild(cell);
    tbody.appendChild(tr);
  }
}

function showSecret(title, secret, note) {
  $('adm-pin-title').textContent = title;
  $('adm-pin').textContent = secret;
  $('adm-pin-note').textContent = note;
  $('adm-pin-box').hidden = false;
}

function showPin(login, pin) {
  showSecret(fmt(t('admPinTitle'), { l: login }), pin, t('admPinNote'));
}

// A one-time pairing code for a new kiosk, board or booking client (POST /api/v1/admin/devices).
async function addDevice(ev) {
  ev.preventDefault();
  const body = { name: $('adm-dev-name').value.trim(), role: $('adm-dev-role').value,
                 valid_hours: Number($('adm-dev-hours').value) || 24 };
  const r = await api('/api/v1/admin/devices', { method: 'POST', body, keepSession: true });
  const o = await r.json().catch(() => ({}));
  if (!r.ok) {
    adminMessage(r.status === 403 ? t('admNoRights') : ((o.error && o.error.message) || String(r.status)));
    return;
  }
  $('adm-device-add').reset();
  showSecret(fmt(t('admCodeTitle'), { n: o.name }), o.code, fmt(t('admCodeNote'), { w: when(o.expires_at) }));
}

async function resetPin(login) {
  const o = await adminChange('POST', `/api/v1/admin/operators/${encodeURIComponent(login)}/reset-pin`);
  if (o && o.pin) showPin(login, o.pin);
}

async function unlock(login) {
  const o = await adminChange('POST', `/api/v1/admin/operators/${encodeURIComponent(login)}/unlock`);
  if (o) adminMessage(fmt(t('admUnlocked'), { l: login }), true);
}

function renderOperators() {
  const tbody = $('adm-operator-list');
  tbody.textContent = '';
  if (!admin.config) return;
  for (const op of admin.config.operators || []) {
    const active = op.active !== false;
    const tr = el('tr', { 'data-login': op.login, class: active ? '' : 'inactive' });
    tr.appendChild(el('td', {}, op.login));
    tr.appendChild(el('td', {}, op.name));
    tr.appendChild(el('td', {}, active ? t('admActive') : t('admInactive')));
    const td = el('td', { class: 'actions' });
    const toggle = el('button', { class: 'small' }, active ? t('admDeactivate') : t('admActivate'));
    toggle.onclick = async () => {
      if (active && !confirm(fmt(t('admConfirmDeactivate'), { l: op.login }))) return;
      const o = await adminChange('PUT', `/api/v1/admin/operators/${encodeURIComponent(op.login)}`, { active: !active });
      if (o) { adminMessage(t('admSaved'), true); await loadAdmin(); }
    };
    const reset = el('button', { class: 'small reset' }, t('admResetPin'));
    reset.onclick = () => resetPin(op.login).catch(() => {});
    const unl = el('button', { class: 'small' }, t('admUnlock'));
    unl.onclick = () => unlock(op.login).catch(() => {});
    td.append(toggle, reset, unl);
    tr.appendChild(td);
    tbody.appendChild(tr);
  }
}

async function addOperator(ev) {
  ev.preventDefault();
  const login = $('adm-op-login').value.trim();
  const o = await adminChange('POST', '/api/v1/admin/operators', { login, name: $('adm-op-name').value.trim() });
  if (!o) return;
  $('adm-operator-add').reset();
  await loadAdmin();
  showPin(o.operator.login, o.pin);
}

function renderTopics() {
  const tbody = $('adm-topic-list');
  tbody.textContent = '';
  if (!admin.config || !isAdministrator()) return;
  const active = activeTopics();
  for (const s of admin.config.services || []) {
    const tr = el('tr', { 'data-topic': s.id, class: s.retired ? 'inactive' : '' });
    tr.appendChild(el('td', {}, s.id));
    tr.appendChild(el('td', {}, s.prefix));
    tr.appendChild(el('td', {}, s.retired ? `${s.name} (${t('admRetired')})` : s.name));
    tr.appendChild(el('td', {}, s.segment || ''));
    tr.appendChild(el('td', {}, s.wait_norm_min == null ? '—' : String(s.wait_norm_min)));
    tr.appendChild(el('td', {}, String(s.service_norm_min ?? '')));
    const td = el('td', { class: 'actions' });
    if (!s.retired) {
      const i = active.indexOf(s);
      const move = async delta => {
        const order = active.map(x => x.id);
        [order[i], order[i + delta]] = [order[i + delta], order[i]];
        if (await adminChange('PUT', '/api/v1/admin/topics/order', { order })) await loadAdmin();
      };
      const up = el('button', { class: 'small', title: t('admOrder') }, t('admUp'));
      up.disabled = i === 0;
      up.onclick = () => move(-1).catch(() => {});
      const down = el('button', { class: 'small', title: t('admOrder') }, t('admDown'));
      down.disabled = i === active.length - 1;
      down.onclick = () => move(1).catch(() => {});
      const edit = el('button', { class: 'small' }, t('admEdit'));
      edit.onclick = () => fillTopicForm(s);
      const retire = el('button', { class: 'small' }, t('admRetire'));
      retire.onclick = async () => {
        if (!confirm(fmt(t('admConfirmRetire'), { n: s.name }))) return;
        if (await adminChange('POST', `/api/v1/admin/topics/${encodeURIComponent(s.id)}/retire`)) await loadAdmin();
      };
      td.append(up, down, edit, retire);
    }
    tr.appendChild(td);
    tbody.appendChild(tr);
  }
}

function fillTopicForm(s) {
  $('adm-tp-id').value = s.id;
  $('adm-tp-id').readOnly = true;
  $('adm-tp-name').value = s.name;
  $('adm-tp-prefix').value = s.prefix;
  $('adm-tp-segment').value = s.segment || '';
  $('adm-tp-wait').value = s.wait_norm_min ?? '';
  $('adm-tp-service').value = s.service_norm_min ?? '';
  $('adm-tp-description').value = s.description || '';
}

async function saveTopic(ev) {
  ev.preventDefault();
  const editing = $('adm-tp-id').readOnly;
  const num = v => (v === '' ? null : Number(v));
  const body = { name: $('adm-tp-name').value.trim(), prefix: $('adm-tp-prefix').value.trim(),
                 segment: $('adm-tp-segment').value.trim(), description: $('adm-tp-description').value.trim(),
                 wait_norm_min: num($('adm-tp-wait').value), service_norm_min: num($('adm-tp-service').value) };
  const id = $('adm-tp-id').value.trim();
  const o = editing ? await adminChange('PUT', `/api/v1/admin/topics/${encodeURIComponent(id)}`, body)
                    : await adminChange('POST', '/api/v1/admin/topics', Object.assign({ id }, body));
  if (!o) return;
  resetTopicForm();
  adminMessage(t('admSaved'), true);
  await loadAdmin();
}

function resetTopicForm() {
  $('adm-topic-form').reset();
  $('adm-tp-id').readOnly = false;
}

const when = iso => (iso ? new Date(iso).toLocaleString(state.lang === 'ru' ? 'ru-RU' : 'en-GB') : '—');

async function loadDevices() {
  const r = await api('/api/v1/devices', { keepSession: true });
  if (!r.ok) { adminMessage(t('admNoRights')); return; }
  const body = await r.json();
  const tbody = $('adm-device-list');
  tbody.textContent = '';
  const sources = { config: t('srcConfig'), enrolled: t('srcEnrolled'), gone: t('srcGone') };
  for (const d of body.devices || []) {
    const tr = el('tr', { 'data-device': d.name });
    tr.appendChild(el('td', {}, d.name));
    tr.appendChild(el('td', {}, t('deviceRoles')[d.role] || d.role));
    tr.appendChild(el('td', {}, sources[d.source] || d.source));
    tr.appendChild(el('td', {}, when(d.last_seen)));
    tr.appendChild(el('td', {}, String(d.streams ?? 0)));
    tr.appendChild(el('td', { class: d.printer && d.printer !== 'ok' ? 'bad' : '' },
                      d.printer ? (t('printerStates')[d.printer] || d.printer) : '—'));
    const td = el('td');
    if (d.source === 'enrolled') {
      const b = el('button', { class: 'small' }, t('admRevoke'));
      b.onclick = async () => {
        if (!confirm(fmt(t('admConfirmRevoke'), { n: d.name }))) return;
        const rr = await api(`/api/v1/devices/${encodeURIComponent(d.name)}`, { method: 'DELETE', keepSession: true });
        if (!rr.ok) adminMessage(String(rr.status));
        loadDevices().catch(() => {});
      };
      td.appendChild(b);
    }
    tr.appendChild(td);
    tbody.appendChild(tr);
  }
}

function auditQuery(format) {
  const q = new URLSearchParams();
  if ($('adm-audit-from').value) q.set('from', $('adm-audit-from').value);
  if ($('adm-audit-to').value) q.set('to', $('adm-audit-to').value);
  if ($('adm-audit-actor').value.trim()) q.set('actor', $('adm-audit-actor').value.trim());
  if (format) q.set('format', format);
  return q.toString();
}

async function loadAudit() {
  $('adm-audit-csv').href = `/api/v1/admin/audit?${auditQuery('csv')}`;
  const r = await api(`/api/v1/admin/audit?${auditQuery()}`, { keepSession: true });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) { adminMessage(body.error ? body.error.message : String(r.status)); return; }
  const tbody = $('adm-audit-list');
  tbody.textContent = '';
  const short = v => (v == null ? '' : JSON.stringify(v));
  for (const e of body.entries || []) {
    const tr = el('tr', { 'data-action': e.action });
    tr.appendChild(el('td', { class: 'when' }, when(e.at)));
    for (const v of [e.actor, e.address, e.action, e.object, e.outcome]) tr.appendChild(el('td', {}, v || ''));
    tr.appendChild(el('td', { class: 'json' }, short(e.before)));
    tr.appendChild(el('td', { class: 'json' }, short(e.after)));
    tbody.appendChild(tr);
  }
  $('adm-audit-truncated').hidden = !body.truncated;
}

// The dashboard's advice "open another window for X": a button per candidate window.
function adviceButtons(li, a) {
  if (!mayAdminister() || a.kind !== 'open_window') return;
  for (const c of (a.candidates || []).slice(0, 3)) {
    const b = el('button', { class: 'small advice-open', 'data-window': c.window }, fmt(t('adviceOpen'), { n: c.window }));
    b.onclick = async () => {
      b.disabled = true;
      const r = await api(c.path, { method: c.method || 'PUT', body: { services: c.services_after }, keepSession: true });
      if (!r.ok) b.disabled = false;
      scheduleRefresh();
    };
    li.appendChild(document.createTextNode(' '));
    li.appendChild(b);
  }
}

function wireAdmin() {
  for (const b of document.querySelectorAll('#admin-nav button')) b.onclick = () => showAdminPane(b.dataset.pane);
  $('adm-operator-add').onsubmit = ev => addOperator(ev).catch(() => {});
  $('adm-device-add').onsubmit = ev => addDevice(ev).catch(() => {});
  $('adm-manager-operators').onsubmit = ev => ev.preventDefault();
  $('adm-mgr-reset').onclick = () => { if ($('adm-mgr-login').value.trim()) resetPin($('adm-mgr-login').value.trim()).catch(() => {}); };
  $('adm-mgr-unlock').onclick = () => { if ($('adm-mgr-login').value.trim()) unlock($('adm-mgr-login').value.trim()).catch(() => {}); };
  $('adm-pin-close').onclick = () => { $('adm-pin-box').hidden = true; $('adm-pin').textContent = ''; };
  $('adm-topic-form').onsubmit = ev => saveTopic(ev).catch(() => {});
  $('adm-topic-reset').onclick = resetTopicForm;
  $('adm-office-form').onsubmit = ev => saveOffice(ev).catch(() => {});
  $('adm-audit-form').onsubmit = ev => { ev.preventDefault(); loadAudit().catch(() => {}); };
}
document.addEventListener('DOMContentLoaded', wireAdmin);
