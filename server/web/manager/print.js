'use strict';
// The print-friendly report: the same query as the dashboard's report form,
// opened in its own tab; prints itself once drawn.
document.addEventListener('DOMContentLoaded', async () => {
  const token = localStorage.getItem('queue.manager.token') || '';
  const lang = localStorage.getItem('queue.manager.lang') || 'ru';
  const q = new URLSearchParams(location.search);
  const groups = { service: 'по темам', segment: 'по сегментам', window: 'по окнам', operator: 'по операторам',
                   hour: 'по часам', day: 'по дням', weekday: 'по дням недели' };
  // The deprecated device token as Bearer; with an account the session cookie goes by itself.
  const r = await fetch(`/api/v1/reports?${q.toString()}`,
                        { credentials: 'same-origin', headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const body = await r.json();
  if (!r.ok) {
    document.getElementById('error').textContent = body.error ? body.error.message : String(r.status);
    return;
  }
  const ru = d => d.split('-').reverse().join('.');
  document.getElementById('title').textContent =
    `Отчёт об обслуживании за ${body.from === body.to ? ru(body.from) : `${ru(body.from)} — ${ru(body.to)}`}`;
  document.getElementById('subtitle').textContent =
    `Группировка: ${groups[body.group] || body.group}. Норма визита: ${body.visit_norm_min} мин. ` +
    `Сформирован ${new Date().toLocaleString('ru-RU')}.`;
  QueueReport.render(document.getElementById('out'), body, lang);
  if (q.get('print') !== '0') setTimeout(() => window.print(), 300);
});
