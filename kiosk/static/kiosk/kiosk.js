/* Nafitha kiosk: departments → services (or a bundle) → documents → priority and phone →
   one ticket, shown and printed. Plain JS, no build step. See docs/kiosk.md. */
"use strict";

(function () {
  const config = JSON.parse(document.getElementById("kiosk-config").textContent);
  const centre = config.centre;
  const $ = (id) => document.getElementById(id);
  const DEVICE_KEY = "nafitha.kiosk.device." + centre.code;
  const TICKET_SECONDS = 30;

  const state = {
    lang: "ar",
    services: [],
    bundles: [],
    department: null,
    selection: null, // {kind: "service"|"bundle", item}
    priority: "none",
    phone: "",
    idempotencyKey: null,
    device: null,
    busy: false,
    retry: null,
    screen: "home",
    ticket: null, // the token of the ticket just issued here (its spoken number)
  };

  // --- Text -----------------------------------------------------------------------------
  const t = (key, n) => {
    let text = config.strings[state.lang][key] || key;
    if (typeof text === "object") text = NafithaPlural(state.lang, text, n);
    return n === undefined ? text : text.replace("%(n)s", digits(n));
  };
  const digits = (value) => NafithaUtil.digits(value, state.lang);
  const name = (item) => item["name_" + state.lang] || item.name_ar;
  const local = (pair) => pair[state.lang] || pair.ar;
  const minutes = (seconds) => Math.max(1, Math.ceil(seconds / 60));

  const { el } = NafithaUtil;

  // --- Talking to the server --------------------------------------------------------------
  /** The shared fetch wrapper in the kiosk's language; a refusal or a lost connection
   *  (code "network") is thrown as {code, detail, status}. */
  async function api(path, options = {}) {
    const res = await NafithaUtil.api(path, { ...options, lang: state.lang, credentials: "omit", cache: "no-store" });
    if (res.status === 0) throw { code: "network" };
    if (!res.ok) throw { code: res.data.code || "error", detail: res.data.detail, status: res.status };
    return res.data;
  }

  const newKey = () => NafithaUtil.id("kiosk-");

  async function setUpDevice() {
    const params = new URLSearchParams(location.search);
    if (params.get("device")) {
      localStorage.setItem(DEVICE_KEY, params.get("device"));
      history.replaceState(null, "", location.pathname);
    }
    const token = localStorage.getItem(DEVICE_KEY);
    if (!token) return;
    try {
      const device = await api("/api/v1/kiosk/device/", { headers: { Authorization: "Device " + token } });
      state.device = device.centre === centre.code ? token : null;
    } catch (err) {
      if (err.code === "network") state.device = token; // keep it; the server is unreachable
      else localStorage.removeItem(DEVICE_KEY); // unknown or disabled: work as a public kiosk
    }
  }

  async function load() {
    const [info, services, bundles] = await Promise.all([
      api(`/api/v1/centres/${centre.code}/`),
      api(`/api/v1/centres/${centre.code}/services/`),
      api(`/api/v1/centres/${centre.code}/bundles/`),
    ]);
    state.open = info.is_open;
    state.holiday = info.holiday;
    state.services = services;
    state.bundles = bundles;
  }

  async function refresh() {
    try {
      await load();
      render();
    } catch (err) {
      fail(err, refresh);
    }
  }

  // --- Screens ------------------------------------------------------------------------------
  function show(screen) {
    state.screen = screen;
    document.querySelectorAll(".screen").forEach((node) => (node.hidden = node.id !== "screen-" + screen));
    $("back").hidden = screen === "home" || screen === "ticket";
    $("home").hidden = screen === "home" || screen === "ticket";
    $("main").scrollTop = 0;
    const heading = document.querySelector(`#screen-${screen} h2, #screen-${screen} p`);
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
    guidance.armed = null;
    guidance.say(screenPrompt());
  }

  /** What a screen says when it opens, as a key the server turns into speech (kiosk.speech). */
  function screenPrompt() {
    if (state.screen === "home") return "prompt:choose_department";
    if (state.screen === "services") return "prompt:choose_service";
    if (state.screen === "options") return "prompt:priority";
    if (state.screen === "ticket") return state.ticket && "ticket:" + state.ticket;
    if (state.screen === "detail" && state.selection) {
      const { kind, item } = state.selection;
      return (kind === "bundle" ? "bundle-documents:" : "documents:") + item.code;
    }
    return null;
  }

  function applyLanguage() {
    const ar = state.lang === "ar";
    document.documentElement.lang = state.lang;
    document.documentElement.dir = ar ? "rtl" : "ltr";
    $("language").textContent = ar ? "English" : "العربية";
    $("language").lang = ar ? "en" : "ar";
    $("language").setAttribute("aria-label", ar ? "Switch to English" : "التحويل إلى العربية");
    $("language").dataset.say = "language:" + (ar ? "en" : "ar");
    $("centre-name").textContent = centre["name_" + state.lang];
    document.title = centre["name_" + state.lang];
    $("welcome").textContent = t("welcome");
    $("search").placeholder = t("search");
    $("search").setAttribute("aria-label", t("search"));
    $("search-label").textContent = t("search");
    $("departments-title").textContent = t("departments");
    $("bundles-title").textContent = t("bundles");
    $("have-documents").textContent = t("have_documents");
    $("missing-documents").textContent = t("missing_documents");
    $("priority-title").textContent = t("priority");
    $("phone-title").textContent = t("phone");
    $("phone-privacy").textContent = t("phone_privacy");
    $("accessible").textContent = t("accessible");
    $("guidance").textContent = t("guidance");
    $("guidance").setAttribute("aria-label", t("guidance_hint"));
    $("confirm").textContent = t("confirm");
    $("ticket-label").textContent = t("your_number");
    $("ticket-scan").textContent = t("scan");
    $("ticket-done").textContent = t("done");
    $("back").textContent = t("back");
    $("home").textContent = t("start_over");
    $("message-retry").textContent = t("try_again");
    $("message-home").textContent = t("start_over");
    $("offline").textContent = t("offline");
    keyboard.setLanguage(state.lang, keyboardLabels());
    $("closed").textContent = closedText();
  }

  function closedText() {
    return state.holiday ? t("holiday").replace("%(name)s", name(state.holiday)) : t("closed");
  }

  function render() {
    applyLanguage();
    $("closed").hidden = state.open !== false;
    renderHome();
    if (state.screen === "services") renderServices();
    if (state.screen === "detail") renderDetail();
    if (state.screen === "options") renderOptions();
  }

  function departments() {
    const seen = new Map();
    state.services.forEach((service) => {
      const code = service.department.code;
      if (!seen.has(code)) seen.set(code, { ...service.department, services: [] });
      seen.get(code).services.push(service);
    });
    return [...seen.values()];
  }

  function waitRange(range) {
    if (range == null) return t("wait_no_counter");
    const [low, high] = range;
    return low === 0 ? t("wait_up_to", high) : t("wait_range", high).replace("%(low)s", digits(low));
  }

  function serviceButton(service, { department = false } = {}) {
    const load = [t("waiting", service.waiting), waitRange(service.wait_range_minutes)];
    return el(
      "button",
      {
        type: "button",
        class: "item",
        "data-service": service.code,
        "data-say": "service:" + service.code,
        onclick: () => choose("service", service),
      },
      name(service),
      department ? el("span", { class: "item-department" }, name(service.department)) : null,
      el("small", {}, load.join(" — ")), // "·" beside Arabic-Indic digits reads as a zero
    );
  }

  function renderHome() {
    $("departments").replaceChildren(
      ...departments().map((dept) =>
        el(
          "button",
          {
            type: "button",
            class: "tile",
            "data-department": dept.code,
            "data-say": "department:" + dept.code,
            onclick: () => openDepartment(dept.code),
          },
          name(dept),
        ),
      ),
    );
    $("bundles").replaceChildren(
      ...state.bundles.map((bundle) =>
        el(
          "button",
          {
            type: "button",
            class: "tile",
            "data-bundle": bundle.code,
            "data-say": "bundle:" + bundle.code,
            onclick: () => choose("bundle", bundle),
          },
          name(bundle),
          el("small", {}, t("bundle_hint")),
        ),
      ),
    );
    $("bundles-title").hidden = state.bundles.length === 0;
    renderSearch();
  }

  // Letters a citizen may type either way: alef forms, alef maqsura, ta marbuta, vowel marks.
  const fold = (text) =>
    text
      .toLowerCase()
      .replace(/[\u064B-\u0652\u0640]/g, "")
      .replace(/[أإآ]/g, "ا")
      .replace(/ى/g, "ي")
      .replace(/ة/g, "ه")
      .replace(/\s+/g, " ")
      .trim();

  function searchRank(service, query) {
    // 0: the service's exact name, 1: a name starting with it, 2: in the name, 3: department.
    const names = [service.name_ar, service.name_en].map(fold);
    if (names.includes(query)) return 0;
    if (names.some((text) => text.startsWith(query))) return 1;
    if (names.some((text) => text.includes(query))) return 2;
    const departments = [service.department.name_ar, service.department.name_en].map(fold);
    return departments.some((text) => text.includes(query)) ? 3 : null;
  }

  function renderSearch() {
    const query = fold($("search").value);
    $("home-browse").hidden = Boolean(query);
    $("search-results").hidden = !query;
    if (!query) return;
    const found = state.services
      .map((service, index) => ({ service, index, rank: searchRank(service, query) }))
      .filter((hit) => hit.rank !== null)
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .map((hit) => serviceButton(hit.service, { department: true }));
    $("search-results").replaceChildren(
      ...(found.length ? found : [el("p", { role: "status" }, t("no_results"))]),
    );
  }

  function openDepartment(code) {
    state.department = code;
    renderServices();
    show("services");
  }

  function renderServices() {
    const dept = departments().find((d) => d.code === state.department);
    if (!dept) return show("home");
    $("department-name").textContent = name(dept);
    $("services").replaceChildren(...dept.services.map(serviceButton));
  }

  function selectedServices() {
    const { kind, item } = state.selection;
    if (kind === "service") return [item];
    return item.services.map((code) => state.services.find((s) => s.code === code)).filter(Boolean);
  }

  function choose(kind, item) {
    state.selection = { kind, item };
    renderDetail();
    show("detail");
  }

  function block(title, items, empty) {
    return el(
      "div",
      { class: "detail-block" },
      el("h3", {}, title),
      items.length ? el("ul", {}, items.map((text) => el("li", {}, text))) : el("p", {}, empty),
    );
  }

  function fee(service) {
    // Free, a fixed amount (with an optional note), or variable: its rule instead of an amount.
    const note = service["fee_note_" + state.lang] || service.fee_note_ar;
    if (service.fee_kind === "free") return t("fee_free");
    if (service.fee_kind === "variable") return t("fee_variable") + " — " + note;
    const format = new Intl.NumberFormat(state.lang === "ar" ? "ar-JO-u-nu-arab" : "en-JO", {
      maximumFractionDigits: 3,
    });
    const amount = t("fee_amount").replace("%(n)s", format.format(Number(service.fee)));
    return note ? amount + " — " + note : amount;
  }

  function renderDetail() {
    const services = selectedServices();
    const { kind, item } = state.selection;
    $("detail-name").textContent = name(item);
    const body = services.map((service) => {
      const blocks = [block(t("documents"), service.required_documents.map(local), t("no_documents"))];
      if (service.conditions.length) blocks.push(block(t("conditions"), service.conditions.map(local)));
      blocks.push(block(t("fee"), [fee(service)]));
      // A bundle's services side by side in landscape; one service's blocks flow in columns.
      return kind === "bundle" ? [el("div", { class: "detail-service" }, el("h3", {}, name(service)), blocks)] : blocks;
    });
    $("detail-body").replaceChildren(...body.flat());
  }

  function startOptions() {
    state.priority = "none";
    state.phone = "";
    // Messages go only to numbers typed at a registered kiosk in the hall (docs/kiosk.md).
    $("phone-group").hidden = !state.device;
    state.idempotencyKey = newKey();
    renderOptions();
    show("options");
  }

  function renderOptions() {
    $("options-name").textContent = name(state.selection.item);
    const choices = [{ code: "none", ar: null, en: null }, ...config.priorities];
    $("priorities").replaceChildren(
      ...choices.map((p) =>
        el(
          "button",
          {
            type: "button",
            class: "choice",
            role: "radio",
            "data-priority": p.code,
            "data-say": p.code === "none" ? "label:priority_none" : "priority:" + p.code,
            "aria-checked": String(state.priority === p.code),
            onclick: () => {
              state.priority = p.code;
              renderOptions();
            },
          },
          p.code === "none" ? t("priority_none") : p[state.lang],
        ),
      ),
    );
    $("phone").textContent = digits(state.phone) || "—";
    const keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "delete"];
    $("keypad").replaceChildren(
      ...keys.map((key) =>
        el(
          "button",
          {
            type: "button",
            "data-key": key,
            "data-say": key.length > 1 ? "label:" + key : "digit:" + key,
            "aria-label": key.length > 1 ? t(key) : digits(key),
            onclick: () => press(key),
          },
          key.length > 1 ? t(key) : digits(key),
        ),
      ),
    );
  }

  function press(key) {
    if (key === "clear") state.phone = "";
    else if (key === "delete") state.phone = state.phone.slice(0, -1);
    else if (state.phone.length < 10) state.phone += key;
    $("phone-error").hidden = true;
    $("phone").textContent = digits(state.phone) || "—";
  }

  // --- Taking the ticket ---------------------------------------------------------------------
  async function confirm() {
    if (state.busy) return; // a double tap sends one request; the key covers retries too
    if (state.phone && !/^07[789][0-9]{7}$/.test(state.phone)) {
      $("phone-error").textContent = t("phone_invalid");
      $("phone-error").hidden = false;
      return;
    }
    const { kind, item } = state.selection;
    // The server decides the channel: kiosk for a registered device, remote otherwise.
    const body = { language: state.lang, priority: state.priority };
    if (kind === "bundle") body.bundle = item.code;
    else body.services = [item.code];
    if (state.phone) body.phone = state.phone;
    const headers = { "Idempotency-Key": state.idempotencyKey };
    let path = `/api/v1/centres/${centre.code}/tickets/`;
    if (state.device) {
      path = "/api/v1/kiosk/tickets/";
      headers.Authorization = "Device " + state.device;
    }
    state.busy = true;
    $("confirm").disabled = true;
    $("confirm").textContent = t("issuing");
    try {
      const ticket = await api(path, { method: "POST", headers, body });
      showTicket(ticket);
    } catch (err) {
      fail(err, confirm);
    } finally {
      state.busy = false;
      $("confirm").disabled = false;
      $("confirm").textContent = t("confirm");
    }
  }

  function showTicket(ticket) {
    $("ticket-number").textContent = state.lang === "ar" ? ticket.number_ar : ticket.number;
    $("ticket-services").textContent = new Intl.ListFormat(state.lang).format(ticket.services.map(name));
    const priority = config.priorities.find((p) => p.code === state.priority);
    $("ticket-priority").hidden = !priority;
    $("ticket-priority").textContent = priority ? t("priority_chosen").replace("%(name)s", priority[state.lang]) : "";
    $("ticket-ahead").textContent = ticket.position == null ? "" : t("ahead", ticket.position);
    $("ticket-wait").textContent =
      ticket.estimated_wait_seconds == null
        ? t("wait_unknown")
        : ticket.wait_range_minutes
          ? waitRange(ticket.wait_range_minutes)
          : t("wait_estimate", minutes(ticket.estimated_wait_seconds));
    $("ticket-qr").src = `/kiosk/tickets/${ticket.token}/qr.svg`;
    $("ticket-qr").alt = t("scan");
    const printing = ticket.print || { mode: "browser", page: `/kiosk/tickets/${ticket.token}/print/` };
    const printed = KioskPrint.ticket($("print-frame"), printing);
    $("ticket-print").textContent = printed ? t("printing") : t("printer_failed");
    state.idempotencyKey = null;
    state.ticket = ticket.token;
    show("ticket");
    idle.reset(TICKET_SECONDS);
  }

  function printPage(url) {
    KioskPrint.page($("print-frame"), url); // kiosk/static/kiosk/print_frame.js
  }

  function printChecklist() {
    // Without all the documents a ticket would be wasted: print what to bring instead.
    const { kind, item } = state.selection;
    const query = new URLSearchParams({ lang: state.lang });
    if (kind === "bundle") query.set("bundle", item.code);
    else query.set("service", item.code);
    printPage(`/kiosk/${centre.code}/checklist/?${query}`);
    $("message-text").textContent = t("checklist_printing");
    state.retry = null;
    $("message-retry").hidden = true;
    $("message").hidden = false;
    $("message-home").focus();
    guidance.say("message:checklist_printing");
  }

  // --- Errors and the way back ----------------------------------------------------------------
  function fail(err, retry) {
    const known = ["daily_cap_reached", "network", "throttled"];
    const key = known.includes(err.code) ? err.code : null;
    let text = key ? t(key) : err.detail || t("error");
    if (err.code === "centre_closed") text = t("closed");
    if (err.code === "centre_holiday") text = state.holiday ? closedText() : err.detail;
    $("message-text").textContent = text;
    state.retry = retry;
    // Trying again helps only when the server could not be reached or asked us to slow down;
    // a refusal (closed, cap reached, a number it will not text) would only be refused again.
    const transient = ["network", "throttled", "queue_busy", "error"].includes(err.code);
    $("message-retry").hidden = !retry || !transient;
    $("message").hidden = false;
    $(($("message-retry").hidden ? "message-home" : "message-retry")).focus();
    // The box's text as the page words it; a refusal's own detail is not spoken as such.
    const closed = ["centre_closed", "centre_holiday"].includes(err.code);
    guidance.say("message:" + (closed ? "closed" : key || "error"));
  }

  function closeMessage() {
    $("message").hidden = true;
  }

  function goHome() {
    closeMessage();
    state.selection = null;
    state.department = null;
    state.idempotencyKey = null;
    $("search").value = "";
    $("keyboard").hidden = true;
    $("print-frame").removeAttribute("src");
    show("home");
    refresh();
  }

  function back() {
    const previous = { services: "home", detail: state.department ? "services" : "home", options: "detail" };
    show(previous[state.screen] || "home");
  }

  const idle = {
    timer: null,
    reset(seconds = config.idle_seconds) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        if (state.screen === "home" && !$("search").value && state.lang === "ar" && !guidance.on) return;
        state.lang = "ar";
        document.documentElement.classList.remove("accessible");
        $("accessible").setAttribute("aria-pressed", "false");
        guidance.set(false, { quiet: true }); // the next citizen starts without it
        goHome();
      }, seconds * 1000);
    },
  };

  // --- Spoken guidance (docs/kiosk.md) ------------------------------------------------------------
  // When on, each screen speaks its prompt and the first tap on a button speaks its label; a
  // second tap on the same button, or Enter/Space on a focused one, acts. Tab and the arrow
  // keys move between buttons and speak each one. Only keys of texts the server writes are
  // asked for (data-say), never free text.
  const guidance = {
    on: false,
    armed: null, // the button whose label was spoken last: the next tap on it acts
    tapped: null, // the button under the last touch: focusing it is not a keyboard move
    audio: new Audio(),
    say(key, lang = state.lang) {
      if (!this.on || !key) return;
      this.audio.pause();
      this.audio.src = `${config.speech_url}?${new URLSearchParams({ key, lang })}`;
      this.audio.play().catch(() => {}); // a missing voice must not stop the kiosk
    },
    sayButton(button) {
      const key = button.dataset.say;
      // The language button names the other language in that language.
      this.say(key, key.startsWith("language:") ? key.slice(9) : state.lang);
    },
    set(on, { quiet = false } = {}) {
      if (!on && this.on && !quiet) this.say("prompt:guidance_off");
      this.on = on;
      this.armed = null;
      $("guidance").setAttribute("aria-pressed", String(on));
      document.documentElement.classList.toggle("guidance", on);
      if (on) this.say("prompt:guidance_on");
      else if (quiet) this.audio.pause();
    },
  };
  document.addEventListener(
    "pointerdown",
    (event) => (guidance.tapped = event.target.closest && event.target.closest("button")),
    true,
  );
  // Capture on window: runs before any button's own handler, so a first tap only speaks.
  window.addEventListener(
    "click",
    (event) => {
      if (!guidance.on) return;
      const button = event.target.closest("button[data-say]");
      if (!button || button.disabled) return;
      if (event.detail === 0 || guidance.armed === button) {
        guidance.armed = null; // Enter/Space (focus already spoke it) or the second tap: act
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      guidance.armed = button;
      guidance.sayButton(button);
    },
    true,
  );
  document.addEventListener("focusin", (event) => {
    const button = event.target.closest && event.target.closest("button[data-say]");
    // A tap focuses the button too; the click above speaks it then.
    if (!guidance.on || !button || button === guidance.tapped) return;
    guidance.armed = button;
    guidance.sayButton(button);
  });
  document.addEventListener("keydown", (event) => {
    guidance.tapped = null;
    if (!guidance.on || !["ArrowDown", "ArrowUp", "ArrowLeft", "ArrowRight"].includes(event.key)) return;
    if (event.target.matches && event.target.matches("input")) return;
    const buttons = [...document.querySelectorAll("button[data-say]")].filter(
      (button) => !button.disabled && button.offsetParent !== null && !button.closest("[hidden]"),
    );
    if (!buttons.length) return;
    const forward = event.key === "ArrowDown" || event.key === (state.lang === "ar" ? "ArrowLeft" : "ArrowRight");
    const index = buttons.indexOf(document.activeElement);
    // From the screen's heading, start at the screen's first button.
    const first = Math.max(0, buttons.findIndex((button) => button.closest("#screen-" + state.screen)));
    const next = index === -1 ? first : (index + (forward ? 1 : -1) + buttons.length) % buttons.length;
    event.preventDefault();
    buttons[next].focus();
  });

  // --- Wiring -----------------------------------------------------------------------------------
  function keyboardLabels() {
    return { keyboard: t("keyboard"), space: t("space"), delete: t("delete"), clear: t("clear") };
  }
  const keyboard = NafithaKeyboard.mount($("keyboard"), $("search"), {
    lang: state.lang,
    labels: keyboardLabels(),
  });
  const openKeyboard = () => ($("keyboard").hidden = false);
  $("search").addEventListener("focus", openKeyboard);
  $("search").addEventListener("pointerdown", openKeyboard);
  $("language").addEventListener("click", () => {
    state.lang = state.lang === "ar" ? "en" : "ar";
    render();
    guidance.say(screenPrompt()); // the same screen, now in the other language
  });
  $("search").addEventListener("input", renderSearch);
  // Larger text and high contrast, with the content brought down within reach (docs/kiosk.md).
  $("accessible").addEventListener("click", () => {
    const on = document.documentElement.classList.toggle("accessible");
    $("accessible").setAttribute("aria-pressed", String(on));
  });
  $("guidance").addEventListener("click", () => guidance.set(!guidance.on));
  $("have-documents").addEventListener("click", startOptions);
  $("missing-documents").addEventListener("click", printChecklist);
  $("confirm").addEventListener("click", confirm);
  $("ticket-done").addEventListener("click", () => {
    state.lang = "ar";
    goHome();
  });
  $("back").addEventListener("click", back);
  $("home").addEventListener("click", goHome);
  $("message-home").addEventListener("click", goHome);
  $("message-retry").addEventListener("click", () => {
    closeMessage();
    if (state.retry) state.retry();
  });

  // No way out of the kiosk: no context menu, no dragging, no history navigation.
  document.addEventListener("contextmenu", (event) => event.preventDefault());
  document.addEventListener("dragstart", (event) => event.preventDefault());
  history.pushState(null, "", location.href);
  window.addEventListener("popstate", () => history.pushState(null, "", location.href));
  ["pointerdown", "keydown", "input"].forEach((type) =>
    document.addEventListener(type, () => idle.reset(state.screen === "ticket" ? TICKET_SECONDS : undefined), true),
  );
  const online = () => ($("offline").hidden = navigator.onLine);
  window.addEventListener("online", online);
  window.addEventListener("offline", online);
  setInterval(() => state.screen === "home" && $("message").hidden && refresh(), 60000);

  applyLanguage();
  online();
  idle.reset();
  setUpDevice().finally(refresh);
})();
