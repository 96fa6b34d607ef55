'use strict';
// Renders a report (GET /api/v1/reports) as a table and two charts drawn in
// SVG: arrivals and mean wait by hour, and the distribution of waits per
// topic with the waiting norm marked. Used by the dashboard and by the
// print page. No libraries: offices cannot count on the internet.

const QueueReport = (() => {
  const SVG = 'http://www.w3.org/2000/svg';

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  const min = s => (s === null || s === undefined) ? '—' : (s / 60).toFixed(1).replace('.', ',');
  const pct = v => (v === null || v === undefined) ? '—' : (v * 100).toFixed(1).replace('.', ',') + '\u00a0%';
  const num = v => (v === null || v === undefined) ? '—' : String(v);

  const LABELS = {
    ru: {
      group: 'Группа', tickets: 'Талонов', served: 'Обслужено', noShows: 'Неявки', redirected: 'Перенаправлено',
      outOfTurn: 'Вне очереди', wait: 'Ожидание, мин (сред. / мед. / 90 %)',
      service: 'Обслуживание, мин (сред. / мед. / 90 %)', waitNorm: 'Ожидание в норме',
      serviceNorm: 'Обслуживание в норме', visitNorm: 'Визит ≤ нормы', visitsOver: 'Визитов сверх нормы',
      rating: 'Оценка (кол-во)', total: 'Итого', byHour: 'Приход и среднее ожидание по часам',
      arrivals: 'приход, талонов', meanWait: 'среднее ожидание, мин', histogram: 'Распределение ожидания',
      norm: 'норма', minutes: 'мин', noData: 'За этот период талонов нет.', count: 'талонов'
    },
    en: {
      group: 'Group', tickets: 'Tickets', served: 'Served', noShows: 'No-shows', redirected: 'Redirected',
      outOfTurn: 'Out of turn', wait: 'Wait, min (mean / median / p90)',
      service: 'Service, min (mean / median / p90)', waitNorm: 'Wait within norm',
      serviceNorm: 'Service within norm', visitNorm: 'Visit within norm', visitsOver: 'Visits over norm',
      rating: 'Rating (count)', total: 'Total', byHour: 'Arrivals and mean wait by hour',
      arrivals: 'arrivals', meanWait: 'mean wait, min', histogram: 'Distribution of waits',
      norm: 'norm', minutes: 'min', noData: 'No tickets in this period.', count: 'tickets'
    }
  };

  function table(report, L) {
    const t = el('table', { class: 'grid report', id: 'report-table' });
    const head = el('tr');
    for (const h of [L.group, L.tickets, L.served, L.noShows, L.redirected, L.outOfTurn, L.wait, L.service,
                     L.waitNorm, L.serviceNorm, L.visitNorm, L.visitsOver, L.rating])
      head.appendChild(el('th', {}, h));
    t.appendChild(el('thead')).appendChild(head);
    const body = t.appendChild(el('tbody'));
    const line = (label, r, cls) => {
      const tr = el('tr', cls ? { class: cls } : {});
      const w = r.wait || {}, s = r.service || {};
      const cells = [label, num(r.tickets), num(r.served), num(r.no_shows), num(r.redirected), num(r.out_of_turn),
        `${min(w.mean_s)} / ${min(w.median_s)} / ${min(w.p90_s)}`,
        `${min(s.mean_s)} / ${min(s.median_s)} / ${min(s.p90_s)}`,
        pct(r.wait_within_norm), pct(r.service_within_norm), pct(r.visit_within_norm), num(r.visits_over_norm),
        r.ratings ? `${r.rating_mean.toFixed(2).replace('.', ',')} (${r.ratings})` : '—'];
      cells.forEach((c, i) => {
        const td = el('td', {}, c);
        if (i === 8 && r.wait_within_norm !== null && r.wait_within_norm < 0.9) td.className = 'bad';
        tr.appendChild(td);
      });
      body.appendChild(tr);
    };
    for (const r of report.rows) line(r.label, r);
    line(L.total, report.total, 'total');
    return t;
  }

  // Bars of arrivals per hour with a line of the mean wait.
  function hourly(report, L) {
    const hours = report.hourly;
    const W = 720, H = 240, left = 40, bottom = 24, top = 34;
    const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': L.byHour });
    if (!hours.length) return s;
    // At least the usual working day, so that one busy hour is not one wide bar.
    const first = Math.min(8, ...hours.map(h => h.hour)), last = Math.max(18, ...hours.map(h => h.hour));
    const n = last - first + 1, bw = (W - left - 10) / n;
    const maxA = Math.max(...hours.map(h => h.arrivals), 1);
    const maxW = Math.max(...hours.map(h => h.wait_mean_s || 0), 60);
    const y = v => H - bottom - (H - bottom - top) * v;
    s.appendChild(svg('line', { x1: left, y1: y(0), x2: W, y2: y(0), class: 'axis' }));
    let path = '';
    for (const h of hours) {
      const x = left + (h.hour - first) * bw;
      s.appendChild(svg('rect', { x: x + 2, y: y(h.arrivals / maxA), width: bw - 4,
                                  height: (H - bottom - top) * h.arrivals / maxA, class: 'bar' }));
      s.appendChild(svg('text', { x: x + bw / 2, y: H - 6, 'text-anchor': 'middle', class: 'tick' }, String(h.hour)));
      s.appendChild(svg('text', { x: x + bw / 2, y: y(h.arrivals / maxA) - 3, 'text-anchor': 'middle', class: 'val' },
                        String(h.arrivals)));
      if (h.wait_mean_s !== null) path += `${path ? 'L' : 'M'}${x + bw / 2},${y(h.wait_mean_s / maxW)} `;
    }
    if (path) s.appendChild(svg('path', { d: path, class: 'line' }));
    s.appendChild(svg('text', { x: left, y: 12, class: 'legend' },
                      `▮ ${L.arrivals}   — ${L.meanWait} (макс. ${min(maxW)})`));
    return s;
  }

  // One histogram per topic with a waiting norm: 1-minute buckets, the norm as a red line.
  function histogram(h, L) {
    const W = 360, H = 160, left = 12, bottom = 20, top = 24;
    const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart small', role: 'img',
                           'aria-label': `${L.histogram}: ${h.name}` });
    const buckets = h.buckets;
    let lastUsed = 0;
    buckets.forEach((c, i) => { if (c) lastUsed = i; });
    const n = Math.max(lastUsed + 1, (h.wait_norm_min || 0) + 2, 10);
    const bw = (W - left * 2 - 8) / n, maxC = Math.max(...buckets, 1);
    const y = v => H - bottom - (H - bottom - top) * v;
    for (let i = 0; i < n && i < buckets.length; ++i) {
      const over = h.wait_norm_min !== null && i >= h.wait_norm_min;
      s.appendChild(svg('rect', { x: left + i * bw + 1, y: y(buckets[i] / maxC), width: Math.max(bw - 2, 1),
                                  height: (H - bottom - top) * buckets[i] / maxC, class: over ? 'bar over' : 'bar' }));
    }
    for (let i = 0; i <= n; i += Math.max(1, Math.round(n / 6)))
      s.appendChild(svg('text', { x: left + i * bw, y: H - 5, 'text-anchor': 'middle', class: 'tick' }, String(i)));
    if (h.wait_norm_min !== null) {
      const x = left + h.wait_norm_min * bw;
      s.appendChild(svg('line', { x1: x, y1: top - 4, x2: x, y2: H - bottom, class: 'norm' }));
      s.appendChild(svg('text', { x: x + 3, y: top + 6, class: 'norm-label' }, `${L.norm} ${h.wait_norm_min} ${L.minutes}`));
    }
    s.appendChild(svg('text', { x: left, y: 12, class: 'legend' }, `${h.name} — ${h.count} ${L.count}`));
    return s;
  }

  function render(container, report, lang) {
    const L = LABELS[lang] || LABELS.ru;
    container.textContent = '';
    if (!report.total.tickets) {
      container.appendChild(el('p', { class: 'muted', id: 'report-empty' }, L.noData));
      return;
    }
    container.appendChild(table(report, L));
    container.appendChild(el('h3', {}, L.byHour));
    container.appendChild(hourly(report, L));
    container.appendChild(el('h3', {}, L.histogram));
    const box = container.appendChild(el('div', { class: 'histograms' }));
    for (const h of report.wait_histogram) if (h.count) box.appendChild(histogram(h, L));
  }

  return { render };
})();
