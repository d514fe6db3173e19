/* The counter console. State lives on the server (the counter and its current ticket); this
 * page renders the snapshot from GET console/, acts through the counter API, and refetches
 * after every action and every staff-socket event. One tab at a time holds the counter: the
 * page claims it on load, and a tab that loses it turns read-only. */
"use strict";

(() => {
  const { cfg, t, api, digits, duration, format, el, counterName } = Nafitha;
  const $ = (id) => document.getElementById(id);
  const tab = Nafitha.tabId();
  let state = null;
  let number = Number(new URLSearchParams(location.search).get("counter")) || null;
  let claimed = false;
  let superseded = false;
  let clockOffset = 0; // server time minus browser time, in ms
  let busy = false;

  function banner(text, kind = "error") {
    const node = $("banner");
    node.textContent = text || "";
    node.className = `banner banner-${kind}`;
    node.hidden = !text;
  }

  /** A short confirmation that an action went through; it fades after a few seconds. */
  let noticeTimer = null;
  function notice(text) {
    const node = $("notice");
    node.textContent = text;
    node.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => { node.hidden = true; }, 5000);
  }

  /** Fetch the snapshot; one request at a time, so an old answer never overwrites a newer one. */
  let loading = null;
  let again = false;
  async function refresh() {
    if (loading) { again = true; return loading; }
    loading = (async () => {
      do {
        again = false;
        const res = await api(number ? `console/?counter=${number}` : "console/");
        if (!res.ok) { if (res.status) banner(res.data.detail); continue; }
        apply(res.data);
        if (state.counter && !claimed && !superseded) await claim(state.counter.number);
      } while (again);
    })();
    try { await loading; } finally { loading = null; }
  }

  async function claim(counterNumber) {
    const res = await api(`console/${counterNumber}/claim/`, { method: "POST", body: { tab } });
    if (!res.ok) { banner(res.data.detail); return false; }
    claimed = true;
    number = counterNumber;
    apply(res.data);
    return true;
  }

  function apply(data) {
    state = data;
    clockOffset = Date.parse(data.at) - Date.now();
    if (state.counter) number = state.counter.number;
    if (claimed && state.lease && state.lease !== tab) supersede();
    render();
  }

  function supersede() {
    superseded = true;
    document.body.classList.add("superseded");
    banner(t.superseded, "warning");
    render();
  }

  // --- Rendering -----------------------------------------------------------------------------

  function render() {
    const counter = state.counter;
    $("picker").hidden = Boolean(counter);
    $("work").hidden = !counter;
    if (!counter) { renderPicker(); return; }
    $("counter-title").textContent = counterName(counter);
    const badge = $("counter-state");
    badge.textContent = t[`state_${counter.state}`] + (counter.pause_reason ? ` — ${t[`reason_${counter.pause_reason}`]}` : "");
    badge.className = `badge badge-${counter.state}`;
    renderTicket(counter.ticket);
    renderQueues();
    $("today-served").textContent = digits(state.today.served);
    $("today-average").textContent = duration(state.today.average_service_seconds);
    renderButtons();
    tick();
  }

  function renderPicker() {
    const list = $("picker-list");
    list.replaceChildren(...state.counters.map((c) => {
      const free = !c.staff || c.mine;
      return el("button", {
        class: c.mine ? "primary" : "",
        disabled: !free && !cfg.supervisor,
        "data-counter": c.number,
        onclick: () => pick(c.number),
      }, el("strong", {}, counterName(c)), " ",
      el("span", { class: "muted" }, c.mine ? t.yours : (c.staff || t.free)));
    }));
  }

  function renderTicket(ticket) {
    $("no-ticket").hidden = Boolean(ticket);
    $("ticket").hidden = !ticket;
    if (!ticket) return;
    $("ticket").dataset.status = ticket.status;
    $("t-number").textContent = Nafitha.ticketNumber(ticket);
    // As on the hall display and the paper: the Latin form beside the Arabic one.
    $("t-number-latin").hidden = cfg.lang !== "ar";
    $("t-number-latin").textContent = ticket.number;
    $("t-service").textContent = ticket.service.name;
    $("t-step").textContent = [ticket.bundle, ticket.step.count > 1 ? format(t.step, ticket.step) : ""]
      .filter(Boolean).join(" — ");
    $("t-priority").hidden = !ticket.priority;
    $("t-priority").textContent = ticket.priority || "";
    $("t-status").textContent = t[`status_${ticket.status}`];
    $("t-waited").textContent = duration(ticket.waited_seconds);
    $("t-standard").textContent = Nafitha.count(t.minutes, ticket.service.standard_service_minutes);
    $("t-calls").textContent = digits(ticket.call_count);
    const docs = $("t-docs");
    if (docs.dataset.ticket !== String(ticket.id) || docs.dataset.service !== ticket.service.code) {
      docs.dataset.ticket = ticket.id;
      docs.dataset.service = ticket.service.code;
      docs.replaceChildren(...ticket.documents.map((doc, i) => el("li", {},
        el("input", { type: "checkbox", id: `doc-${i}` }), el("label", { for: `doc-${i}` }, doc))));
    }
  }

  /** Queues with people waiting, most overdue against the charter target first. */
  function renderQueues() {
    const overdue = (q) => q.longest_wait_seconds / (q.target_wait_minutes * 60);
    const waiting = state.queues.filter((q) => q.waiting).sort((a, b) => overdue(b) - overdue(a));
    if (!waiting.length) {
      $("queues").replaceChildren(el("tr", {}, el("td", { colspan: 3, class: "muted" }, t.nobody_waiting)));
      return;
    }
    $("queues").replaceChildren(...waiting.map((q) => el("tr",
      { class: q.longest_wait_seconds > q.target_wait_minutes * 60 ? "overdue" : "" },
      el("th", { scope: "row" }, q.name),
      el("td", { "data-service": q.code }, digits(q.waiting)),
      el("td", { class: "longest", "data-since": q.longest_wait_seconds }, duration(q.longest_wait_seconds)))));
  }

  /** Which actions make sense now; the server still decides. */
  function allowed() {
    const counter = state.counter;
    const ticket = counter.ticket;
    const open = counter.state === "open";
    return {
      "call-next": open && !superseded,
      recall: ticket && ticket.status === "called",
      start: ticket && ticket.status === "called",
      complete: Boolean(ticket),
      "no-show": ticket && ticket.status === "called" && ticket.call_count >= cfg.no_show_after_calls,
      transfer: Boolean(ticket),
      "add-service": Boolean(ticket),
      return: Boolean(ticket),
      open: counter.state === "closed",
      pause: open,
      resume: counter.state === "paused",
      close: counter.state !== "closed" && !ticket,
    };
  }

  function renderButtons() {
    const can = allowed();
    for (const button of document.querySelectorAll("[data-action]")) {
      const action = button.dataset.action;
      button.disabled = superseded || busy || !claimed || !can[action];
      button.hidden = (action === "pause" && !can.pause && can.resume) || (action === "resume" && !can.resume)
        || (action === "open" && !can.open);
    }
    // Why "no-show" is not offered yet: the engine refuses it before enough calls.
    const ticket = state.counter.ticket;
    const early = ticket && ticket.status === "called" && !can["no-show"];
    $("no-show-why").hidden = !early;
    $("no-show-why").textContent = early ? t.no_show_too_early : "";
  }

  /** The running service timer, measured on the server's clock. */
  function tick() {
    const elapsed = state ? (Date.now() + clockOffset - Date.parse(state.at)) / 1000 : 0;
    for (const cell of document.querySelectorAll("#queues .longest")) {
      cell.textContent = duration(Number(cell.dataset.since) + elapsed);
    }
    const ticket = state && state.counter && state.counter.ticket;
    $("counter-since").textContent = state && state.counter
      ? duration(state.counter.since_seconds + (Date.now() + clockOffset - Date.parse(state.at)) / 1000) : "";
    if (!ticket) return;
    const since = ticket.started_at || ticket.called_at;
    const seconds = since ? (Date.now() + clockOffset - Date.parse(since)) / 1000 : 0;
    const timer = $("t-timer");
    timer.textContent = duration(seconds);
    timer.classList.toggle("over", seconds > ticket.service.standard_service_minutes * 60);
  }
  setInterval(tick, 1000);

  // --- Actions -------------------------------------------------------------------------------

  /** What to tell the agent once `action` went through. */
  function success(action, res) {
    const ticket = res.data && res.data.ticket;
    const number = ticket ? `\u2068${Nafitha.ticketNumber(ticket)}\u2069` : "";
    return format(t[`done_${action.replace("-", "_")}`], { number });
  }

  /** Act at this counter; a transfer is addressed to the ticket (`tickets/<id>/transfer/`). */
  async function act(action, body) {
    if (superseded || busy || !claimed) return null;
    busy = true;
    renderButtons();
    const path = action === "transfer"
      ? `tickets/${state.counter.ticket.id}/transfer/` : `counters/${number}/${action}/`;
    const res = await api(path, {
      method: "POST", body: body || {}, headers: { "X-Console-Tab": tab },
    });
    busy = false;
    if (res.data && res.data.code === "console_superseded") { supersede(); return null; }
    if (!res.ok) banner(res.data.detail);
    else banner(action === "call-next" && res.status === 204 ? t.nobody_waiting : "", "info");
    if (res.ok && res.status !== 204) notice(success(action, res));
    await refresh();
    return res.ok ? res : null;
  }

  /** Show a modal dialog; resolves with the value it closed with ("" for Esc or "No").
   *  The browser fires "close" in a later task, so Esc then N at once shows the dialog again
   *  before the first close event arrives: the earlier showing settles when the next starts,
   *  and a late close event never answers the showing after it. */
  const showing = new Map();
  function ask(dialog, focus) {
    const earlier = showing.get(dialog);
    if (earlier) earlier();
    return new Promise((resolve) => {
      const settle = () => {
        dialog.removeEventListener("close", onClose);
        showing.delete(dialog);
        resolve(dialog.returnValue);
      };
      const onClose = () => { if (!dialog.open) settle(); };
      showing.set(dialog, settle);
      dialog.returnValue = "";
      dialog.addEventListener("close", onClose);
      dialog.showModal();
      if (focus) focus.focus();
    });
  }

  /** The outcome dialog, with `question` above the choices when it also calls the next. */
  function outcomeOf(dialog, question) {
    const text = $("dlg-complete-text");
    text.textContent = question;
    text.hidden = !question;
    return ask(dialog, question ? dialog.querySelector("[data-cancel]") : null);
  }

  async function chooseService(title, withPlacement) {
    const dialog = $("dlg-service");
    $("dlg-service-title").textContent = title;
    $("placement").hidden = !withPlacement;
    const current = state.counter.ticket && state.counter.ticket.service.code;
    const list = $("service-list");
    list.replaceChildren(list.querySelector("legend"), ...state.services
      .filter((s) => !withPlacement || s.code !== current)
      .map((s) => el("label", { class: "choice", "data-name": s.name.toLocaleLowerCase() },
        el("input", { type: "radio", name: "service", value: s.code, required: true }), " ", el("span", {}, s.name))));
    $("service-search").value = "";
    filterServices();
    if ((await ask(dialog, $("service-search"))) !== "ok") return null;
    const placement = dialog.querySelector("input[name=placement]:checked").value;
    return { service: list.querySelector("input:checked").value, placement };
  }

  /** Show only the services whose name contains what was typed; one match is chosen. */
  function filterServices() {
    const query = $("service-search").value.trim().toLocaleLowerCase();
    const labels = [...$("service-list").querySelectorAll("label")];
    labels.forEach((label) => { label.hidden = !label.dataset.name.includes(query); });
    const shown = labels.filter((label) => !label.hidden);
    $("service-none").hidden = shown.length > 0;
    if (shown.length === 1) shown[0].querySelector("input").checked = true;
  }
  $("service-search").addEventListener("input", filterServices);

  const handlers = {
    async "call-next"() {
      const ticket = state.counter.ticket;
      if (ticket) {
        // The agent says how the service ended; focus rests on "Cancel", so a stray Enter
        // finishes nothing.
        const dialog = $("dlg-complete");
        const outcome = await outcomeOf(dialog, format(t.confirm_call_next, { number: `\u2068${Nafitha.ticketNumber(ticket)}\u2069` }));
        if (outcome) await act("call-next", { finish: outcome });  // one step: nothing half-done
        return;
      }
      await act("call-next");
    },
    recall: () => act("recall"),
    start: () => act("start"),
    async complete() {
      const outcome = await outcomeOf($("dlg-complete"), "");
      if (outcome) await act("complete", { outcome });
    },
    async "no-show"() {
      const ticket = state.counter.ticket;
      $("dlg-confirm-text").textContent = format(t.confirm_no_show, { number: `\u2068${Nafitha.ticketNumber(ticket)}\u2069` });
      if ((await ask($("dlg-confirm"))) === "ok") await act("no-show", { requeue: false });
    },
    async transfer() {
      const choice = await chooseService($("title-transfer").textContent, true);
      if (choice) await act("transfer", choice);
    },
    async "add-service"() {
      const choice = await chooseService($("title-add").textContent, false);
      if (choice) await act("add-service", { service: choice.service });
    },
    return: () => act("return"),
    open: () => act("open"),
    async pause() {
      const reason = await ask($("dlg-pause"));
      if (reason) await act("pause", { reason });
    },
    resume: () => act("resume"),
    close: () => act("close"),
  };

  async function pick(counterNumber) {
    if (!(await claim(counterNumber))) return;
    history.replaceState(null, "", `?counter=${counterNumber}`);
    if (state.counter && state.counter.state === "closed") await act("open");
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-action]");
    if (button && !button.disabled) handlers[button.dataset.action]();
  });

  // Physical key positions, so the shortcuts also work with an Arabic keyboard layout.
  const KEYS = {
    KeyN: "call-next", KeyR: "recall", KeyS: "start", KeyC: "complete", KeyX: "no-show",
    KeyT: "transfer", KeyA: "add-service", KeyQ: "return", KeyO: "open", KeyL: "close",
  };
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey || event.repeat) return;
    const open = document.querySelector("dialog[open]");
    if (open) {
      const digit = /^Digit([1-9])$/.exec(event.code);
      const choices = open.querySelectorAll("button[value]:not([value=''])");
      if (digit && choices[digit[1] - 1]) { event.preventDefault(); choices[digit[1] - 1].click(); }
      return;
    }
    // Letters typed into a field are text; a ticked checkbox (the documents list) keeps focus
    // but takes no letters, so the shortcuts go on working after the checklist.
    const typing = event.target.closest("input:not([type=checkbox]):not([type=radio]), select, textarea");
    if (typing || !state || !state.counter) return;
    let action = KEYS[event.code];
    if (event.code === "KeyP") action = state.counter.state === "paused" ? "resume" : "pause";
    const button = action && document.querySelector(`[data-action="${action}"]`);
    if (button && !button.disabled) {
      event.preventDefault();
      handlers[action]();
    }
  });

  // --- Live updates --------------------------------------------------------------------------
  // A snapshot costs the server a few queries, and every console of the centre hears every
  // event, so events refetch only when they concern this counter; other events update the
  // waiting counts in place, and a smaller queue (someone was called, so the longest wait
  // changed) schedules one jittered refetch a few seconds later. A full refresh also runs
  // every COUNTERS_POLL_SECONDS, and at once after a reconnect.

  const refreshSoon = Nafitha.debounce(refresh, 150);
  const refreshLater = Nafitha.debounce(refresh, 2500);

  /** Apply an event's waiting counts; true if one of my queues got shorter. */
  function applyCounts(queues) {
    let shorter = false;
    for (const q of state.queues) {
      if (!(q.code in queues) || queues[q.code] === q.waiting) continue;
      shorter = shorter || queues[q.code] < q.waiting;
      if (!q.waiting) q.longest_wait_seconds = -(Date.now() + clockOffset - Date.parse(state.at)) / 1000;
      q.waiting = queues[q.code];
    }
    return shorter;
  }

  function onEvent(message) {
    if (!state || !state.counter || message.type === "snapshot" || message.type === "heartbeat"
        || (message.counter && message.counter.number === number)) {
      refreshSoon();
    } else if (message.queues) {
      if (applyCounts(message.queues)) refreshLater();
      renderQueues();
    }
  }

  Nafitha.socket((message) => {
    if (message.type === "console.lease") {
      if (claimed && message.counter === number && message.tab !== tab) supersede();
    } else if (Nafitha.isNews(message)) {
      onEvent(message);
    }
  }, (connected) => {
    if (connected) {
      if ($("banner").textContent === t.offline) banner("");
      refresh();
    } else if (!superseded) {
      banner(t.offline, "warning");
    }
  });
  setInterval(refresh, cfg.poll_seconds * 1000 * (1 + Math.random() / 5));

  refresh();
})();
