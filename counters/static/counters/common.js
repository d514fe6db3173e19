/* Shared helpers of the staff pages: API calls, numbers in the page language, the staff socket. */
"use strict";

const Nafitha = (() => {
  const cfg = JSON.parse(document.getElementById("page-config").textContent);
  const arabic = cfg.lang === "ar";
  const DIGITS = "٠١٢٣٤٥٦٧٨٩";

  /** Latin digits to Arabic-Indic ones when the page is in Arabic. */
  function digits(value) {
    const text = String(value);
    return arabic ? text.replace(/[0-9]/g, (d) => DIGITS[d]) : text;
  }

  /** A ticket number as the displays and the printed ticket show it in the page language. */
  function ticketNumber(ticket) {
    return arabic && ticket.number_ar ? ticket.number_ar : ticket.number;
  }

  /** A counter as staff and citizens call it: its label, or "Counter 3" ("الشباك ٣"). */
  function counterName(counter) {
    return counter.label || format(cfg.strings.counter_name, { number: counter.number });
  }

  /** "m:ss" (or "h:mm:ss") for a number of seconds. */
  function duration(seconds) {
    if (seconds === null || seconds === undefined) return cfg.strings.none;
    const s = Math.max(0, Math.floor(seconds));
    const pad = (n) => String(n).padStart(2, "0");
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return digits(h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`);
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, (_, key) => digits(values[key]));
  }

  /** A message with a count, in the plural form the page language needs for it. */
  function count(forms, n) {
    return format(NafithaPlural(cfg.lang, forms, n), { n });
  }

  /** Call the API; resolves to {ok, status, data}. Errors carry {code, detail} in data. */
  async function api(path, { method = "GET", body, headers = {} } = {}) {
    const url = new URL(path.startsWith("/") ? path : cfg.api + path, location.origin);
    url.searchParams.set("lang", cfg.lang);
    let response;
    try {
      response = await fetch(url, {
        method,
        credentials: "same-origin",
        headers: {
          Accept: "application/json",
          "Accept-Language": cfg.lang,
          ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
          ...(method !== "GET" ? { "X-CSRFToken": cfg.csrf } : {}),
          ...headers,
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
    } catch (err) {
      return { ok: false, status: 0, data: { code: "offline", detail: cfg.strings.offline } };
    }
    let data = null;
    if (response.status !== 204) {
      try { data = await response.json(); } catch (err) { data = null; }
    }
    if (!response.ok && !(data && data.detail)) data = { code: "error", detail: cfg.strings.error };
    return { ok: response.ok, status: response.status, data };
  }

  /** The staff socket, through the shared client (static/nafitha/stream.js: resync on a gap,
   *  heartbeat watchdog, reconnect with back-off): `onMessage` gets every snapshot, event and
   *  notice; `onState(true|false)` reports connection changes so the page can resync. */
  function socket(onMessage, onState) {
    return NafithaStream.connect(cfg.socket, {
      snapshot: onMessage, event: onMessage, message: onMessage, status: onState,
    });
  }

  /** Whether a staff-socket message may change what the page shows: a snapshot, an event,
   *  or a heartbeat whose seq shows that events were missed. */
  let lastSeq = 0;
  function isNews(message) {
    const seq = Number(message.seq) || 0;
    const news = message.type !== "heartbeat" || seq > lastSeq;
    lastSeq = Math.max(message.type === "snapshot" ? seq : lastSeq, seq);
    return news;
  }

  /** Run `fn` once, `ms` (plus up to as much random jitter, so a centre's screens do not all
   *  refetch at the same instant) after the last call. */
  function debounce(fn, ms) {
    let timer = null;
    return () => { clearTimeout(timer); timer = setTimeout(fn, ms + Math.random() * ms); };
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (value !== null && value !== undefined && value !== false) node.setAttribute(key, value);
    }
    for (const child of children) node.append(child);
    return node;
  }

  /** A random id for this browser tab (works outside secure contexts too). */
  function tabId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  return { cfg, digits, ticketNumber, counterName, duration, format, count, api, socket, debounce, isNews, el, tabId, t: cfg.strings };
})();
