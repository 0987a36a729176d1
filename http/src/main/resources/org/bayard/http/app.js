// Keyboard shortcuts and bulk selection for the moderation page. No data from mail is ever
// inserted as markup here: the server renders it escaped; this script only moves focus and
// ticks boxes.
(function () {
  'use strict';
  const page = document.body.dataset.page;
  const typing = (e) => /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName) && e.target.type !== 'checkbox';

  function submit(formEl, buttonId) {
    const b = document.getElementById(buttonId);
    if (formEl && b) formEl.requestSubmit(b);
  }

  if (page === 'queue') {
    const rows = Array.from(document.querySelectorAll('#queue tbody tr[data-id]'));
    const form = document.getElementById('bulk');
    let cur = rows.length ? 0 : -1;
    const box = (r) => r.querySelector('input[type=checkbox]');
    const paint = () => rows.forEach((r, i) => {
      r.classList.toggle('current', i === cur);
      r.classList.toggle('selected', box(r).checked);
    });
    const all = document.getElementById('all');
    if (all) all.addEventListener('change', () => { rows.forEach((r) => { box(r).checked = all.checked; }); paint(); });
    rows.forEach((r, i) => {
      box(r).addEventListener('change', paint);
      r.addEventListener('click', (e) => { if (e.target.tagName !== 'A' && e.target.tagName !== 'INPUT') { cur = i; paint(); } });
    });
    paint();
    document.addEventListener('keydown', (e) => {
      if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
      const k = e.key;
      if (k === 'j' && cur < rows.length - 1) { cur++; paint(); rows[cur].scrollIntoView({block: 'nearest'}); }
      else if (k === 'k' && cur > 0) { cur--; paint(); rows[cur].scrollIntoView({block: 'nearest'}); }
      else if (k === 'x' && cur >= 0) { box(rows[cur]).checked = !box(rows[cur]).checked; paint(); }
      else if (k === 'a') { const on = !rows.every((r) => box(r).checked); rows.forEach((r) => { box(r).checked = on; }); paint(); }
      else if ((k === 'Enter' || k === 'o') && cur >= 0) { rows[cur].querySelector('a.open').click(); }
      else if ((k === 'r' || k === 'd') && cur >= 0) {
        if (!rows.some((r) => box(r).checked)) box(rows[cur]).checked = true;
        submit(form, k === 'r' ? 'release' : 'discard');
      } else if (k === 'g') { window.location.href = '/ui/dashboard'; }
      else return;
      e.preventDefault();
    });
  } else if (page === 'message') {
    const form = document.querySelector('form.actions');
    document.addEventListener('keydown', (e) => {
      if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'r') submit(form, 'release');
      else if (e.key === 'd') submit(form, 'discard');
      else if (e.key === 'u' || e.key === 'Escape') window.location.href = '/ui/queue';
      else if (e.key === 'h') { const l = document.getElementById('show-html'); if (l) l.click(); }
      else return;
      e.preventDefault();
    });
  } else if (page === 'dashboard') {
    document.addEventListener('keydown', (e) => { if (e.key === 'u' || e.key === 'q') window.location.href = '/ui/queue'; });
  }
})();
