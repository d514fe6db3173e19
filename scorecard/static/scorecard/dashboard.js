/* Manager dashboard: renders the snapshots the server pushes after every engine event.
   No polling: the socket sends a fresh snapshot per event; between events the clock only
   advances the displayed durations. On close it reconnects and gets a new snapshot. */
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("dashboard-config").textContent);
  const S = config.strings;
  const arabic = config.lang.startsWith("ar");
  const numbers = new Intl.NumberFormat(arabic ? "ar-u-nu-arab" : "en", { maximumFractionDigits: 1 });
  let state = null;
  let receivedAt = 0;

  const fmt = (n) => (n === null || n === undefined ? "—" : numbers.format(n));
  const pick = (o) => (arabic ? o.name_ar : o.name_en) || o.name_ar || o.name_en;
  const fill = (text, params) => text.replace(/%\((\w+)\)s/g, (_, k) => params[k]);
  const duration = (seconds) => NafithaUtil.duration(seconds, config.lang);
  const elapsed = () => (Date.now() - receivedAt) / 1000;
  const { el } = NafithaUtil;

  function renderKpis() {
    const t = state.today;
    const set = (key, value) => (document.querySelector(`[data-kpi="${key}"]`).textContent = value);
    set("waiting", fmt(state.totals.waiting));
    set("served", fmt(t.served));
    set("mean_wait", t.mean_wait_seconds === null ? "—" : `${fmt(t.mean_wait_seconds / 60)} ${S.min}`);
    set("p90_wait", t.p90_wait_seconds === null ? "—" : `${fmt(t.p90_wait_seconds / 60)} ${S.min}`);
    set("service_level", t.service_level === null ? "—" : `${fmt(t.service_level)}${arabic ? "٪" : "%"}`);
    const c = state.totals;
    ["open", "busy", "idle", "paused"].forEach((key) => set(key, fmt(c[key])));
  }

  function renderAlerts() {
    const list = document.getElementById("alerts");
    list.replaceChildren();
    const add = (text, level) => list.append(el("li", { class: `alert ${level}`, text }));
    state.alerts.forEach((a) => {
      if (a.kind === "overdue") add(fill(S.overdue, { service: pick(a), wait: duration(a.seconds + elapsed()), target: fmt(a.target_minutes) }), "red");
      else if (a.kind === "uncovered") add(fill(S.uncovered, { service: pick(a) }), a.waiting ? "red" : "amber");
      else if (a.kind === "idle") add(fill(S.idle_alert, { counter: fmt(a.counter), wait: duration(a.seconds + elapsed()) }), "amber");
    });
    if (!state.alerts.length) add(S.no_alerts, "green");
  }

  function renderQueues() {
    const body = document.getElementById("queues");
    body.replaceChildren();
    state.departments.forEach((d) => {
      body.append(el("tr", { class: "dept" }, el("th", { scope: "rowgroup", colspan: "4", text: `${pick(d)} — ${fmt(d.waiting)}` })));
      state.services.filter((s) => s.department === d.code).forEach((s) => {
        const longest = s.waiting ? s.longest_wait_seconds + elapsed() : 0;
        const level = !s.waiting ? "green" : longest > s.target_wait_minutes * 60 ? "red" : s.level === "red" ? "red" : s.level;
        body.append(el("tr", { "data-service": s.code },
          el("td", { text: pick(s) }),
          el("td", { text: fmt(s.waiting) }),
          el("td", {}, el("span", { class: `badge ${level}`, text: s.waiting ? duration(longest) : "—" }),
            el("span", { class: "visually-hidden", text: ` ${S[level]}` })),
          el("td", { text: `${fmt(s.target_wait_minutes)} ${S.min}` })));
      });
    });
  }

  function renderCounters() {
    const body = document.getElementById("counters");
    body.replaceChildren();
    state.counters.forEach((c) => {
      const status = c.status === "paused" && c.pause_reason ? `${S.paused} (${S["reason_" + c.pause_reason]})` : S[c.status];
      body.append(el("tr", { "data-counter": c.number, class: `counter ${c.status}` },
        el("th", { scope: "row", text: fmt(c.number) }),
        el("td", {}, el("span", { class: `status ${c.status}`, text: status })),
        el("td", { text: c.staff || (c.staffed ? "✓" : S.nobody) }),
        el("td", { "data-testid": `counter-${c.number}-ticket`, text: c.ticket ? c.ticket.number : S.nobody }),
        el("td", { class: "dur", text: c.status === "closed" ? S.nobody : duration(c.since_seconds + elapsed()) })));
    });
    const breaks = document.getElementById("breaks");
    breaks.replaceChildren();
    // The employee's name is isolated (<bdi>): it cannot reorder the rest of the line. "·"
    // beside Arabic-Indic digits reads as a zero; a dash cannot.
    state.breaks.forEach((c) => breaks.append(el("li", {},
      `${fmt(c.number)} — `, el("bdi", { text: c.staff || "" }),
      ` — ${S["reason_" + c.pause_reason] || ""} — ${duration(c.since_seconds + elapsed())}`)));
    if (!state.breaks.length) breaks.append(el("li", { class: "muted", text: S.nobody }));
  }

  /* Bars of arrivals and served per hour, each with its value, over a labelled count axis. */
  function renderHours() {
    const arrivals = state.today.arrivals_by_hour;
    const served = state.today.served_by_hour;
    const hours = arrivals.map((a, h) => h).filter((h) => h >= 7 && h <= 18 || arrivals[h] || served[h]);
    const most = Math.max(1, ...hours.map((h) => Math.max(arrivals[h], served[h])));
    const step = Math.max(1, Math.ceil(most / 4));
    const top = step * Math.ceil(most / step);
    const left = 44, W = left + 44 * hours.length + 8, H = 250, base = H - 40, scale = (base - 44) / top;
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", `${S.arrivals} / ${S.served} — ${S.per_hour}`);
    const add = (tag, attrs, text) => {
      const n = document.createElementNS(ns, tag);
      Object.entries(attrs).forEach(([k, v]) => n.setAttribute(k, v));
      if (text !== undefined) n.textContent = text;
      svg.append(n);
      return n;
    };
    for (let t = 0; t <= top; t += step) {
      const y = base - t * scale;
      add("line", { x1: left, x2: W, y1: y, y2: y, class: t ? "grid" : "baseline" });
      add("text", { x: left - 6, y: y + 4, "text-anchor": "end", class: "axis tick" }, fmt(t));
    }
    hours.forEach((h, i) => {
      const x = left + 6 + i * 44;
      [[arrivals[h], "arrivals", 0], [served[h], "served", 17]].forEach(([value, kind, dx]) => {
        add("rect", { x: x + dx, y: base - value * scale, width: 16, height: value * scale, class: kind });
        if (value) add("text", { x: x + dx + 8, y: base - value * scale - 3, "text-anchor": "middle", class: `value ${kind}` }, fmt(value));
      });
      add("text", { x: x + 16, y: base + 16, "text-anchor": "middle", class: "axis" }, fmt(h));
    });
    add("text", { x: (left + W) / 2, y: H - 4, "text-anchor": "middle", class: "axis" }, S.hour);
    add("rect", { x: left, y: 4, width: 10, height: 10, class: "arrivals" });
    add("text", { x: left + 14, y: 13, class: "axis" }, S.arrivals);
    add("rect", { x: left + 110, y: 4, width: 10, height: 10, class: "served" });
    add("text", { x: left + 124, y: 13, class: "axis" }, S.served);
    document.getElementById("hours").replaceChildren(svg);
  }

  function render() {
    if (!state) return;
    renderKpis();
    renderAlerts();
    renderQueues();
    renderCounters();
    renderHours();
  }

  // The shared client (static/nafitha/stream.js) reconnects and resyncs; every message this
  // stream sends is a snapshot.
  const offline = document.getElementById("offline");
  NafithaStream.connect(config.socket, {
    snapshot: (data) => {
      state = data;
      receivedAt = Date.now();
      render();
    },
    event: () => {},
    status: (online) => {
      offline.textContent = S.offline;
      offline.hidden = online;
    },
  });
  setInterval(render, 1000);
})();
