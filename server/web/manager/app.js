'use strict';
// The manager's dashboard: a snapshot from GET /api/v1/dashboard, refreshed
// whenever the event stream (WebSocket /api/v1/events) reports a change, and
// timers that tick locally between events. No page reloads.

const I18N = {
  ru: {
    live: 'Сейчас', reports: 'Отчёты', reviewsTab: 'Книга отзывов', offline: 'нет связи', online: 'на связи',
    logout: 'Выйти', loginTitle: 'Вход', token: 'Токен руководителя (из конфигурации офиса)',
    enter: 'Войти', badToken: 'Токен не подходит.', loginName: 'Имя пользователя', password: 'Пароль',
    badPassword: 'Неверное имя пользователя или пароль.', tooMany: 'Слишком много попыток. Повторите через {s} с.',
    sessionEnded: 'Сеанс завершён. Войдите снова.', tokenFallback: 'Войти с токеном устройства (устаревший способ)',
    enterToken: 'Войти с токеном', changePassword: 'Сменить пароль', oldPassword: 'Текущий пароль',
    newPassword: 'Новый пароль (не короче 10 символов)', repeatPassword: 'Новый пароль ещё раз', save: 'Сохранить',
    cancel: 'Отмена', passwordMismatch: 'Новые пароли не совпадают.', passwordShort: 'Новый пароль короче 10 символов.',
    oldWrong: 'Текущий пароль неверен.', passwordChanged: 'Пароль изменён.', deviceToken: 'токен устройства',
    roles: { administrator: 'администратор', manager: 'руководитель' }, alarms: 'Тревоги', noAlarms: 'Тревог нет.', topics: 'Темы',
    advice: 'Советы', windows: 'Окна', window: 'Окно', state: 'Состояние', operator: 'Оператор', ticket: 'Талон',
    timer: 'Время', reviewsBook: 'Книга отзывов и предложений', waiting: 'ждут', oldest: 'дольше всех',
    avgWait: 'ожидание сегодня', avgService: 'обслуживание сегодня', withinWait: 'в норме ожидания',
    withinService: 'в норме обслуживания', norm: 'норма', min: 'мин', rating: 'оценка', ack: 'Принято',
    acked: 'принято', visits: 'Визиты сегодня: {n} завершено, {p} в пределах {m} мин.',
    reviewsSummary: 'Открытых обращений: {open}, из них просрочено: {overdue}.',
    idle: 'свободно', calling: 'вызов', serving: 'обслуживание', paused: 'перерыв', closed: 'закрыто',
    period: 'Период', day: 'день', week: 'неделя', month: 'месяц', custom: 'произвольный', from: 'с', to: 'по',
    groupBy: 'Группировка', byService: 'по темам', bySegment: 'по сегментам', byWindow: 'по окнам',
    byOperator: 'по операторам', byHour: 'по часам', byDay: 'по дням', byWeekday: 'по дням недели', show: 'Показать',
    csv: 'Скачать CSV', print: 'Версия для печати', newReview: 'Зарегистрировать обращение', kind: 'Вид',
    channel: 'Канал', complaint: 'жалоба', thanks: 'благодарность', suggestion: 'предложение', review: 'отзыв',
    chBook: 'книга отзывов', chPhone: 'телефон', chEmail: 'электронная почта', chWebsite: 'сайт', chOther: 'другое',
    text: 'Текст', contact: 'Контакт клиента', consent: 'клиент согласен на обработку персональных данных',
    register: 'Зарегистрировать', open: 'открытые', overdue: 'просроченные', closedList: 'закрытые', all: 'все',
    registered: 'Зарегистрировано', due: 'Срок', measures: 'Меры', close: 'Закрыть', measuresPrompt: 'Какие меры приняты?',
    noAdvice: 'Очередь в норме, советов нет.', bookingTitle: 'Предварительная запись',
    bookingSummary: 'Пришли по записи: {booked}, без записи: {walkIn}. Записей: {total}, неявок по записи: {noShow}. ' +
                    'Записанных вызвали в пределах {target} мин: {within}.', reasons: { lunch: 'обед', break: 'перерыв', technical: 'тех. перерыв',
      paperwork: 'документы', training: 'обучение', other: 'другое' }
  },
  en: {
    live: 'Live', reports: 'Reports', reviewsTab: 'Reviews', offline: 'offline', online: 'online', logout: 'Sign out',
    loginTitle: 'Sign in', token: 'Manager token (from the office configuration)', enter: 'Sign in',
    badToken: 'The token is not valid.', loginName: 'User name', password: 'Password',
    badPassword: 'Wrong user name or password.', tooMany: 'Too many attempts. Try again in {s} s.',
    sessionEnded: 'The session has ended. Please sign in again.',
    tokenFallback: 'Sign in with a device token (deprecated)', enterToken: 'Sign in with the token',
    changePassword: 'Change password', oldPassword: 'Current password', newPassword: 'New password (10 characters or more)',
    repeatPassword: 'New password again', save: 'Save', cancel: 'Cancel', passwordMismatch: 'The new passwords differ.',
    passwordShort: 'The new password is shorter than 10 characters.', oldWrong: 'The current password is wrong.',
    passwordChanged: 'The password has been changed.', deviceToken: 'device token',
    roles: { administrator: 'administrator', manager: 'manager' }, alarms: 'Alarms', noAlarms: 'No alarms.', topics: 'Topics',
    advice: 'Advice', windows: 'Windows', window: 'Window', state: 'State', operator: 'Operator', ticket: 'Ticket',
    timer: 'Time', reviewsBook: 'Book of reviews and suggestions', waiting: 'waiting', oldest: 'oldest',
    avgWait: 'wait today', avgService: 'service today', withinWait: 'within wait norm',
    withinService: 'within service norm', norm: 'norm', min: 'min', rating: 'rating', ack: 'Acknowledge',
    acked: 'acknowledged', visits: 'Visits today: {n} finished, {p} within {m} min.',
    reviewsSummary: 'Open items: {open}, overdue: {overdue}.',
    idle: 'idle', calling: 'calling', serving: 'serving', paused: 'paused', closed: 'closed',
    period: 'Period', day: 'day', week: 'week', month: 'month', custom: 'custom', from: 'from', to: 'to',
    groupBy: 'Group by', byService: 'topic', bySegment: 'segment', byWindow: 'window', byOperator: 'operator',
    byHour: 'hour', byDay: 'day', byWeekday: 'weekday', show: 'Show', csv: 'Download CSV', print: 'Printable page',
    newReview: 'Register an item', kind: 'Kind', channel: 'Channel', complaint: 'complaint', thanks: 'thanks',
    suggestion: 'suggestion', review: 'review', chBook: 'book', chPhone: 'phone', chEmail: 'e-mail',
    chWebsite: 'website', chOther: 'other', text: 'Text', contact: 'Client contact',
    consent: 'the client consents to the processing of personal data', register: 'Register', open: 'open',
    overdue: 'overdue', closedList: 'closed', all: 'all', registered: 'Registered', due: 'Due', measures: 'Measures',
    close: 'Close', measuresPrompt: 'What was done?', noAdvice: 'The queue is within its norms; no advice.',
    bookingTitle: 'Pre-booking', bookingSummary: 'Booked visitors: {booked}, walk-ins: {walkIn}. Bookings: {total}, ' +
                  'booking no-shows: {noShow}. Booked visitors called within {target} min: {within}.',
    reasons: { lunch: 'lunch', break: 'break', technical: 'technical', paperwork: 'paperwork', training: 'training',
      other: 'other' }
  }
};

const state = {
  // The deprecated manager device token; empty when signed in with an account (the
  // HttpOnly session cookie, which this script never sees).
  token: localStorage.getItem('queue.manager.token') || '',
  account: null,   // {login, name, role} when signed in with an account
  lang: localStorage.getItem('queue.manager.lang') || 'ru',
  snapshot: null,
  snapshotAt: 0,
  socket: null,
  refreshTimer: null,
  reconnectDelay: 1000,
};

const $ = id => document.getElementById(id);
const t = key => I18N[state.lang][key] ?? I18N.ru[key] ?? key;
const fmt = (s, vars) => s.replace(/\{(\w+)\}/g, (_, k) => vars[k]);
const mmss = seconds => {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};
const pct = v => (v === null || v === undefined) ? '—' : `${Number(v).toFixed(0)}\u00a0%`;
function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

function cookie(name) {
  const m = document.cookie.match(new RegExp(`(?:^|; )${name}=([^;]*)`));
  return m ? decodeURIComponent(m[1]) : '';
}

const signedIn = () => !!(state.token || state.account);

// A request of the signed-in user: the device token as Bearer, or the session cookie
// (sent by the browser) with the CSRF value echoed for a change.
async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  const method = (options.method || 'GET').toUpperCase();
  if (!state.token && method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = cookie('queue_csrf');
  if (options.body && typeof options.body !== 'string') {
    options.body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  const r = await fetch(path, Object.assign({}, options, { headers, credentials: 'same-origin' }));
  if (!options.keepSession && (r.status === 401 || r.status === 403)) {
    showLogin(state.token ? t('badToken') : t('sessionEnded'));
    throw new Error('unauthorized');
  }
  return r;
}

// ------------------------------------------------------------------ i18n

function applyLanguage() {
  document.documentElement.lang = state.lang;
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  setLink($('link').classList.contains('up'));   // its data-i18n says 'offline' whatever the state
  $('lang').textContent = state.lang === 'ru' ? 'EN' : 'RU';
  renderWho();
  if (state.snapshot) renderSnapshot();
  if (typeof renderAdmin === 'function' && !$('admin').hidden) renderAdmin();
}

// ------------------------------------------------------------------ login

function showLogin(message) {
  closeSocket();
  state.account = null;
  $('login').hidden = false;
  for (const id of ['live', 'reports', 'reviews', 'admin', 'password']) $(id).hidden = true;
  $('login-error').textContent = message || '';
  renderWho();
}

function renderWho() {
  const who = $('who');
  if (state.account) {
    const role = (t('roles') || {})[state.account.role] || state.account.role;
    who.textContent = `${state.account.name || state.account.login} (${role})`;
  } else if (state.token) {
    who.textContent = t('deviceToken');
  }
  who.hidden = !signedIn();
  $('change-password').hidden = !state.account;
  $('logout').hidden = !signedIn();
  $('tab-admin').hidden = !mayAdminister();
}

async function start() {
  $('login').hidden = true;
  renderWho();
  showTab('live');
  try {
    await refresh();
    connect();
  } catch (e) { /* showLogin already called */ }
}

async function signIn(ev) {
  ev.preventDefault();
  $('login-error').textContent = '';
  $('login-submit').disabled = true;
  try {
    const r = await fetch('/api/v1/auth/login', {
      method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: $('login-name').value.trim(), password: $('login-password').value })
    });
    $('login-password').value = '';
    if (r.status === 429) {
      $('login-error').textContent = fmt(t('tooMany'), { s: r.headers.get('Retry-After') || '60' });
      return;
    }
    if (!r.ok) { $('login-error').textContent = t('badPassword'); return; }
    const o = await r.json();
    state.token = '';
    localStorage.removeItem('queue.manager.token');
    state.account = { login: o.login, name: o.name, role: o.role };
    start();
  } finally {
    $('login-submit').disabled = false;
  }
}

async function signOut() {
  if (state.account) await api('/api/v1/auth/session', { method: 'DELETE', keepSession: true }).catch(() => {});
  state.token = '';
  localStorage.removeItem('queue.manager.token');
  showLogin();
}

// Who the session cookie belongs to, if anyone (after a reload).
async function resume() {
  const r = await fetch('/api/v1/auth/session', { credentials: 'same-origin' });
  if (!r.ok) return false;
  const o = await r.json();
  if (o.kind !== 'account') return false;
  state.account = { login: o.login, name: o.name, role: o.role };
  return true;
}

function showPasswordForm(show) {
  $('password').hidden = !show;
  $('password-error').className = 'error';
  $('password-error').textContent = '';
  for (const id of ['old-password', 'new-password', 'repeat-password']) $(id).value = '';
}

async function changePassword(ev) {
  ev.preventDefault();
  const error = $('password-error');
  error.className = 'error';
  const next = $('new-password').value;
  if (next.length < 10) { error.textContent = t('passwordShort'); return; }
  if (next !== $('repeat-password').value) { error.textContent = t('passwordMismatch'); return; }
  const r = await api('/api/v1/auth/password', {
    method: 'PUT', keepSession: true, body: { old: $('old-password').value, new: next }
  });
  if (r.status === 204) {
    for (const id of ['old-password', 'new-password', 'repeat-password']) $(id).value = '';
    error.className = 'notice';
    error.textContent = t('passwordChanged');
  } else if (r.status === 401) {
    showLogin(t('sessionEnded'));
  } else if (r.status === 429) {
    error.textContent = fmt(t('tooMany'), { s: r.headers.get('Retry-After') || '60' });
  } else if (r.status === 403) {
    error.textContent = t('oldWrong');
  } else {
    const o = await r.json().catch(() => ({}));
    error.textContent = (o.error && o.error.message) || String(r.status);
  }
}

// ------------------------------------------------------------------ live

async function refresh() {
  const r = await api('/api/v1/dashboard');
  if (!r.ok) throw new Error(`dashboard: ${r.status}`);
  state.snapshot = await r.json();
  state.snapshotAt = Date.now();
  renderSnapshot();
}

function scheduleRefresh() {
  if (state.refreshTimer) return;
  state.refreshTimer = setTimeout(() => {
    state.refreshTimer = null;
    refresh().catch(() => {});
  }, 200);
}

function closeSocket() {
  if (state.socket) {
    state.socket.onclose = null;
    state.socket.close();
    state.socket = null;
  }
  setLink(false);
}

function setLink(up) {
  const link = $('link');
  link.className = up ? 'link up' : 'link down';
  link.textContent = up ? t('online') : t('offline');
}

function connect() {
  closeSocket();
  const proto = location.protocol === 'https:' ? 'wss' : 'ws';
  // With an account the browser sends the session cookie (the server checks the Origin).
  const query = state.token ? `?token=${encodeURIComponent(state.token)}` : '';
  const ws = new WebSocket(`${proto}://${location.host}/api/v1/events${query}`);
  state.socket = ws;
  ws.onopen = () => { state.reconnectDelay = 1000; setLink(true); scheduleRefresh(); };
  ws.onmessage = msg => {
    let e;
    try { e = JSON.parse(msg.data); } catch (_) { return; }
    if (e.type === 'ping' || e.type === 'hello') return;
    scheduleRefresh();
  };
  ws.onclose = () => {
    setLink(false);
    state.socket = null;
    setTimeout(() => { if (signedIn() && !state.socket) connect(); }, state.reconnectDelay);
    state.reconnectDelay = Math.min(state.reconnectDelay * 2, 15000);
  };
}

function elapsedSince(iso) {
  if (!iso) return null;
  const serverNow = Date.parse(state.snapshot.generated_at) + (Date.now() - state.snapshotAt);
  return (serverNow - Date.parse(iso)) / 1000;
}

function renderSnapshot() {
  const s = state.snapshot;
  $('office').textContent = s.office;
  document.title = `${s.office} — ${t('live')}`;

  // Alarms, newest first; acknowledged ones stay until their condition is over.
  const list = $('alarms');
  list.textContent = '';
  const alarms = [...s.alarms].reverse();
  for (const a of alarms) {
    const li = el('li', { class: `alarm ${a.level}${a.acked_at ? ' acked' : ''}`, 'data-key': a.key, 'data-id': a.id });
    li.appendChild(el('time', {}, new Date(a.raised_at).toLocaleTimeString(state.lang === 'ru' ? 'ru-RU' : 'en-GB',
                                                                           { hour: '2-digit', minute: '2-digit' })));
    li.appendChild(el('span', { class: 'msg' }, a.message));
    if (a.acked_at) {
      li.appendChild(el('span', { class: 'muted' }, t('acked')));
    } else if (a.id != null) {   // a server problem not stored (full disk) has no id to acknowledge
      const b = el('button', { class: 'ack' }, t('ack'));
      b.onclick = async () => {
        b.disabled = true;
        await api(`/api/v1/alarms/${a.id}/ack`, { method: 'POST' }).catch(() => {});
        scheduleRefresh();
      };
      li.appendChild(b);
    }
    list.appendChild(li);
  }
  $('no-alarms').hidden = alarms.length > 0;

  // Topics.
  const cards = $('services');
  cards.textContent = '';
  for (const v of s.services) {
    const card = el('div', { class: `card ${v.level}`, 'data-service': v.id });
    card.appendChild(el('h3', {}, `${v.prefix} · ${v.name}`));
    const big = el('div', { class: 'big' });
    big.appendChild(el('span', { class: 'waiting' }, String(v.waiting)));
    big.appendChild(el('span', { class: 'unit' }, ` ${t('waiting')}`));
    card.appendChild(big);
    const norm = v.wait_norm_s ? ` / ${t('norm')} ${v.wait_norm_s / 60} ${t('min')}` : '';
    const oldest = v.waiting ? v.oldest_wait_s + (Date.now() - state.snapshotAt) / 1000 : null;
    card.appendChild(el('p', { class: 'oldest', 'data-oldest': v.waiting ? v.oldest_wait_s : '' },
                        `${t('oldest')}: ${mmss(oldest)}${norm}`));
    const dl = el('dl');
    const row = (k, val) => { dl.appendChild(el('dt', {}, k)); dl.appendChild(el('dd', {}, val)); };
    row(t('avgWait'), mmss(v.avg_wait_s));
    row(t('avgService'), `${mmss(v.avg_service_s)} / ${t('norm')} ${v.service_norm_s / 60} ${t('min')}`);
    if (v.wait_norm_s) row(t('withinWait'), pct(v.pct_wait_within_norm));
    row(t('withinService'), pct(v.pct_service_within_norm));
    row(t('rating'), v.ratings ? `${v.rating_mean} (${v.ratings})` : '—');
    card.appendChild(dl);
    cards.appendChild(card);
  }
  const visits = s.visits || {};
  $('visits').textContent = fmt(t('visits'), { n: visits.finished ?? 0, p: pct(visits.pct_within_norm),
                                               m: visits.norm_min ?? 30 });

  // Advice.
  const advice = $('advice');
  advice.textContent = '';
  for (const a of s.advice || []) {
    const li = el('li', { class: `advice ${a.kind}`, 'data-service': a.service || '' }, a.message);
    adviceButtons(li, a);
    advice.appendChild(li);
  }
  if (!(s.advice || []).length) advice.appendChild(el('li', { class: 'muted' }, t('noAdvice')));

  // Windows.
  const tbody = $('windows');
  tbody.textContent = '';
  for (const w of s.windows) {
    const tr = el('tr', { class: `w-${w.state}`, 'data-window': w.number });
    tr.appendChild(el('td', {}, String(w.number)));
    let st = t(w.state);
    if (w.state === 'paused' && w.pause_reason) st += ` (${t('reasons')[w.pause_reason] || w.pause_reason})`;
    tr.appendChild(el('td', { class: 'state' }, st));
    tr.appendChild(el('td', {}, w.operator ? w.operator.name : '—'));
    tr.appendChild(el('td', { class: 'ticket' }, w.ticket ? w.ticket.number : '—'));
    const timer = el('td', { class: 'timer' });
    if (w.ticket && w.ticket.started_at) {
      timer.dataset.since = w.ticket.started_at;
      timer.dataset.norm = w.service_norm_s || '';
    } else if (w.since && w.state !== 'closed') {
      timer.dataset.since = w.since;   // how long idle or paused
    }
    tr.appendChild(timer);
    tbody.appendChild(tr);
  }
  tickTimers();

  const r = s.reviews;
  $('reviews-summary').textContent = fmt(t('reviewsSummary'), r);
  $('reviews-summary').className = r.overdue ? 'bad' : '';
}

function tickTimers() {
  if (!state.snapshot) return;
  for (const td of document.querySelectorAll('#windows td.timer')) {
    const since = td.dataset.since;
    if (!since) { td.textContent = ''; continue; }
    const e = elapsedSince(since);
    const norm = Number(td.dataset.norm || 0);
    td.textContent = norm ? `${mmss(e)} / ${mmss(norm)}` : mmss(e);
    td.classList.toggle('over', norm > 0 && e > norm);
  }
  const age = (Date.now() - state.snapshotAt) / 1000;
  for (const p of document.querySelectorAll('#services p.oldest')) {
    if (p.dataset.oldest === '') continue;
    const card = p.closest('.card');
    const v = state.snapshot.services.find(x => x.id === card.dataset.service);
    const norm = v.wait_norm_s ? ` / ${t('norm')} ${v.wait_norm_s / 60} ${t('min')}` : '';
    p.textContent = `${t('oldest')}: ${mmss(Number(p.dataset.oldest) + age)}${norm}`;
  }
  $('clock').textContent = new Date().toLocaleTimeString(state.lang === 'ru' ? 'ru-RU' : 'en-GB');
}

// ------------------------------------------------------------------ reports

function isoDate(d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function setPeriod() {
  const p = $('period').value;
  const today = new Date();
  let from = new Date(today), to = new Date(today);
  if (p === 'week') {
    from.setDate(today.getDate() - ((today.getDay() + 6) % 7));
    to = new Date(from); to.setDate(from.getDate() + 6);
  } else if (p === 'month') {
    from = new Date(today.getFullYear(), today.getMonth(), 1);
    to = new Date(today.getFullYear(), today.getMonth() + 1, 0);
  }
  if (p !== 'custom') { $('from').value = isoDate(from); $('to').value = isoDate(to); }
}

function reportQuery(format) {
  const q = new URLSearchParams({ from: $('from').value, to: $('to').value, group: $('group').value });
  if (format) q.set('format', format);
  return q.toString();
}

async function runReport() {
  $('report-error').textContent = '';
  const r = await api(`/api/v1/reports?${reportQuery()}`);
  const body = await r.json();
  if (!r.ok) { $('report-error').textContent = body.error ? body.error.message : r.status; return; }
  QueueReport.render($('report-out'), body, state.lang);
  // Pre-booking in the same period (docs/booking.md): booked against walk-in, no-shows, booked waits.
  const b = await api(`/api/v1/reports/bookings?from=${$('from').value}&to=${$('to').value}`);
  if (!b.ok) return;
  const rb = await b.json();
  const p = el('p', { id: 'report-bookings' }, fmt(t('bookingSummary'), {
    booked: rb.visitors.booked, walkIn: rb.visitors.walk_in, total: rb.bookings.total, noShow: rb.bookings.no_show,
    within: pct(rb.booked_wait.pct_within_target), target: Math.round(rb.booked_wait.target_s / 60) }));
  if (rb.booked_wait.pct_within_target !== null && rb.booked_wait.pct_within_target < 90) p.className = 'bad';
  $('report-out').appendChild(el('h3', {}, t('bookingTitle')));
  $('report-out').appendChild(p);
}

async function downloadCsv() {
  const r = await api(`/api/v1/reports?${reportQuery('csv')}`);
  if (!r.ok) { $('report-error').textContent = String(r.status); return; }
  const blob = await r.blob();
  const a = el('a', { href: URL.createObjectURL(blob),
                      download: `report-${$('from').value}-${$('to').value}-${$('group').value}.csv` });
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

// ------------------------------------------------------------------ reviews

async function loadReviews() {
  const r = await api(`/api/v1/reviews?state=${$('review-state').value}`);
  const body = await r.json();
  const tbody = $('review-list');
  tbody.textContent = '';
  const when = iso => iso ? new Date(iso).toLocaleDateString(state.lang === 'ru' ? 'ru-RU' : 'en-GB') : '—';
  for (const v of body.reviews || []) {
    const tr = el('tr', { class: v.overdue ? 'overdue' : '' });
    tr.appendChild(el('td', {}, String(v.id)));
    tr.appendChild(el('td', {}, t(v.kind)));
    tr.appendChild(el('td', {}, when(v.registered_at)));
    tr.appendChild(el('td', {}, when(v.due_at)));
    const text = el('td', {}, v.text);
    if (v.contact) text.appendChild(el('div', { class: 'muted' }, v.contact));
    tr.appendChild(text);
    const m = el('td', {}, v.measures || '');
    if (!v.closed_at) {
      const b = el('button', { class: 'small' }, t('close'));
      b.onclick = async () => {
        const measures = prompt(t('measuresPrompt'));
        if (!measures) return;
        await api(`/api/v1/reviews/${v.id}/close`, { method: 'POST', body: { measures } });
        loadReviews();
      };
      m.appendChild(b);
    }
    tr.appendChild(m);
    tbody.appendChild(tr);
  }
}

async function submitReview(ev) {
  ev.preventDefault();
  $('review-error').textContent = '';
  const body = { kind: $('review-kind').value, channel: $('review-channel').value, text: $('review-text').value,
                 consent: $('review-consent').checked };
  if ($('review-contact').value.trim()) body.contact = $('review-contact').value.trim();
  const r = await api('/api/v1/reviews', { method: 'POST', body });
  if (!r.ok) { const e = await r.json(); $('review-error').textContent = e.error ? e.error.message : r.status; return; }
  $('review-form').reset();
  loadReviews();
}

// ------------------------------------------------------------------ wiring

function showTab(name) {
  for (const id of ['live', 'reports', 'reviews', 'admin']) {
    $(id).hidden = id !== name;
    $(`tab-${id}`).classList.toggle('active', id === name);
  }
  if (name === 'reviews') loadReviews().catch(() => {});
  if (name === 'admin') loadAdmin().then(() => showAdminPane(admin.pane)).catch(() => {});
}

document.addEventListener('DOMContentLoaded', () => {
  applyLanguage();
  $('login-form').onsubmit = ev => signIn(ev).catch(() => { $('login-error').textContent = t('offline'); });
  $('token-form').onsubmit = ev => {
    ev.preventDefault();
    state.token = $('token').value.trim();
    state.account = null;
    localStorage.setItem('queue.manager.token', state.token);
    start();
  };
  $('logout').onclick = () => signOut();
  $('change-password').onclick = () => showPasswordForm(true);
  $('password-cancel').onclick = () => showPasswordForm(false);
  $('password-form').onsubmit = ev => changePassword(ev).catch(() => {});
  $('lang').onclick = () => {
    state.lang = state.lang === 'ru' ? 'en' : 'ru';
    localStorage.setItem('queue.manager.lang', state.lang);
    applyLanguage();
  };
  for (const id of ['live', 'reports', 'reviews', 'admin']) $(`tab-${id}`).onclick = () => showTab(id);
  $('period').onchange = setPeriod;
  $('report-form').onsubmit = ev => { ev.preventDefault(); runReport().catch(() => {}); };
  $('report-csv').onclick = () => downloadCsv().catch(() => {});
  $('report-print').onclick = () => window.open(`/manager/report?${reportQuery()}`, '_blank');
  $('review-form').onsubmit = ev => submitReview(ev).catch(() => {});
  $('review-state').onchange = () => loadReviews().catch(() => {});
  setPeriod();
  setInterval(tickTimers, 1000);
  // A fallback for a stream that silently stalls: a fresh snapshot every 30 s.
  setInterval(() => { if (signedIn() && !$('live').hidden) refresh().catch(() => {}); }, 30000);
  if (state.token) start();
  else resume().then(ok => (ok ? start() : showLogin())).catch(() => showLogin());
});
