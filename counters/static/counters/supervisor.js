/* The supervisor view: every counter and employee of the centre, live. Actions go to the
 * staff counter API (audited there when the supervisor acts for someone else); the view
 * then reloads the supervisor snapshot. */
"use strict";

(() => {
  const { cfg, t, api, digits, duration, el } = Nafitha;
  const $ = (id) => document.getElementById(id);
  const word = (key) => document.getElementById("words").content.querySelector(`[data-word="${key}"]`).textContent;
  let state = null;

  function banner(text) {
    $("banner").textContent = text || "";
    $("banner").hidden = !text;
    $("banner").className = "banner banner-error";
  }

  async function load() {
    const res = await api("supervisor/");
    if (res.ok) { state = res.data; render(); } else if (res.status) banner(res.data.detail);
  }

  async function post(path, body) {
    const res = await api(path, { method: "POST", body: body || {} });
    if (!res.ok) { banner(res.data.detail); return; }
    banner("");
    await load();
  }

  /** A select with a "Go" button: `onGo(value)` runs with the chosen option. */
  function chooser(label, options, onGo) {
    const select = el("select", { "aria-label": label }, el("option", { value: "" }, label),
      ...options.map(([value, text]) => el("option", { value }, text)));
    return el("span", { class: "chooser" }, select,
      el("button", { type: "button", onclick: () => select.value && onGo(select.value) }, word("go")));
  }

  const { counterName } = Nafitha;
  const number = (ticket) => el("bdi", {}, Nafitha.ticketNumber(ticket));
  const serviceName = (code) => (state.services.find((s) => s.code === code) || { name: code }).name;

  function renderSummary() {
    const sum = state.summary;
    $("sum-waiting").textContent = digits(String(sum.waiting));
    $("sum-longest").textContent = sum.waiting ? duration(sum.longest_wait_seconds) : t.none;
    $("sum-late").textContent = digits(String(sum.late));
    $("sum-late-box").classList.toggle("is-late", sum.late > 0);
  }

  function render() {
    const act = cfg.can_act;
    renderSummary();
    const lateOnly = $("late-only").checked;
    const free = state.staff.filter((s) => s.role === "agent" || s.role === "supervisor");
    const openCounters = state.counters.filter((c) => c.state === "open" && !c.ticket);
    const serviceOptions = state.services.map((s) => [s.code, s.name]);

    $("counters").replaceChildren(...state.counters.map((c) => {
      const ticket = c.ticket;
      const actions = el("td", { class: "actions-cell" });
      if (act) {
        actions.append(chooser(word("open"), free.filter((s) => s.counter !== c.number).map((s) => [s.id, s.name]),
          (id) => post(`counters/${c.number}/open/`, { staff: Number(id) })));
        if (c.state !== "closed" && !ticket) {
          actions.append(el("button", { type: "button", onclick: () => post(`counters/${c.number}/close/`) }, word("close")));
        }
        if (c.state === "open" && !ticket && state.waiting.length) {
          actions.append(chooser(word("call_ticket"), state.waiting.map((w) => [w.id, Nafitha.ticketNumber(w)]),
            (id) => post(`counters/${c.number}/call-specific/`, { ticket: Number(id) })));
        }
        if (ticket) {
          actions.append(chooser(word("transfer"), serviceOptions.filter(([code]) => code !== ticket.service.code),
            (code) => post(`tickets/${ticket.id}/transfer/`, { service: code, placement: "age" })));
          if (ticket.status === "called") {
            actions.append(el("button", { type: "button", class: "danger", onclick: () => cancel(ticket.id) }, word("cancel")));
          }
        }
      }
      return el("tr", { class: `state-${c.state}`, "data-counter": c.number },
        el("th", { scope: "row" }, counterName(c)),
        el("td", {}, el("span", { class: `badge badge-${c.state}` }, t[`state_${c.state}`]),
          c.pause_reason ? ` ${t[`reason_${c.pause_reason}`]}` : ""),
        el("td", {}, c.staff || t.none),
        el("td", {}, ...(ticket ? [number(ticket), ` — ${ticket.service.name} — ${t[`status_${ticket.status}`]}`] : [t.none])),
        el("td", { class: "timer" }, duration(ticket && (ticket.started_at || ticket.called_at)
          ? (Date.parse(state.at) - Date.parse(ticket.started_at || ticket.called_at)) / 1000 : c.since_seconds)),
        actions);
    }));

    const listed = lateOnly ? state.waiting.filter((w) => w.late) : state.waiting;
    $("waiting").replaceChildren(...listed.map((w) => el("tr", { "data-ticket": w.id, class: w.late ? "late" : "" },
      el("th", { scope: "row" }, number(w)),
      el("td", {}, w.service_name),
      el("td", {}, w.priority || t.none),
      el("td", {}, duration(w.waited_seconds)),
      el("td", { class: "actions-cell" }, ...(act ? [
        chooser(word("call"), openCounters.map((c) => [c.number, counterName(c)]),
          (n) => post(`counters/${n}/call-specific/`, { ticket: w.id })),
        el("button", { type: "button", class: "danger", onclick: () => cancel(w.id) }, word("cancel")),
      ] : [])))));

    $("staff").replaceChildren(...state.staff.map((s) => el("tr", { "data-staff": s.id },
      el("th", { scope: "row" }, s.name),
      el("td", {}, s.counter ? counterName({ number: s.counter }) : t.none),
      el("td", {}, s.universal ? word("universal") : s.services.map(serviceName).join("، ")),
      el("td", { class: "actions-cell" }, ...(act ? [
        chooser(word("move"), state.counters.filter((c) => c.number !== s.counter && !c.ticket).map((c) => [c.number, counterName(c)]),
          (n) => post(`counters/${n}/open/`, { staff: s.id })),
        el("button", { type: "button", onclick: () => editServices(s) }, word("services")),
      ] : [])))));

    // The server words each entry and dates it in the centre's time zone (counters/audit.py).
    $("audit").replaceChildren(...state.audit.map((a) => el("tr", {},
      el("td", { class: "when" }, a.when), el("td", {}, a.text))));
  }

  /* Cancelling asks for the reason, which the audit log keeps. */
  function cancel(id) {
    const dialog = $("dlg-cancel");
    $("cancel-reason").value = "";
    dialog.returnValue = "";
    dialog.addEventListener("close", () => {
      if (dialog.returnValue === "ok") post(`tickets/${id}/cancel/`, { reason: $("cancel-reason").value.trim() });
    }, { once: true });
    dialog.showModal();
  }

  function editServices(staff) {
    const dialog = $("dlg-services");
    $("universal").checked = staff.universal;
    $("service-checks").replaceChildren(el("legend", {}, $("service-checks").querySelector("legend")?.textContent || ""),
      ...state.services.map((s) => el("label", { class: "check" },
        el("input", { type: "checkbox", value: s.code, checked: staff.services.includes(s.code) }), ` ${s.name}`)));
    dialog.returnValue = "";
    dialog.addEventListener("close", () => {
      if (dialog.returnValue !== "ok") return;
      const services = [...$("service-checks").querySelectorAll("input:checked")].map((i) => i.value);
      post(`staff/${staff.id}/services/`, { universal: $("universal").checked, services });
    }, { once: true });
    dialog.showModal();
  }

  $("late-only").addEventListener("change", () => { if (state) render(); });

  // Few supervisors watch a centre, so every event refetches (coalesced over half a second).
  const loadSoon = Nafitha.debounce(load, 500);
  Nafitha.socket((message) => { if (Nafitha.isNews(message)) loadSoon(); }, (connected) => { if (connected) load(); });
  setInterval(load, cfg.poll_seconds * 1000);
  load();
})();
