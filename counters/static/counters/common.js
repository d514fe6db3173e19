/* Shared helpers of the staff pages: the page's configuration bound to the common helpers
 * (static/nafitha/util.js), names of tickets and counters, the staff socket. */
"use strict";

const Nafitha = (() => {
  const cfg = JSON.parse(document.getElementById("page-config").textContent);
  const { el } = NafithaUtil;

  /** Latin digits to Arabic-Indic ones when the page is in Arabic. */
  function digits(value) {
    return NafithaUtil.digits(value, cfg.lang);
  }

  /** A ticket number as the displays and the printed ticket show it in the page language. */
  function ticketNumber(ticket) {
    return cfg.lang === "ar" && ticket.number_ar ? ticket.number_ar : ticket.number;
  }

  /** A counter as staff and citizens call it: its label, or "Counter 3" ("الشباك ٣"). */
  function counterName(counter) {
    return counter.label || format(cfg.strings.counter_name, { number: counter.number });
  }

  /** "m:ss" (or "h:mm:ss") for a number of seconds. */
  function duration(seconds) {
    if (seconds === null || seconds === undefined) return cfg.strings.none;
    return NafithaUtil.duration(seconds, cfg.lang);
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, (_, key) => digits(values[key]));
  }

  /** A message with a count, in the plural form the page language needs for it. */
  function count(forms, n) {
    return format(NafithaPlural(cfg.lang, forms, n), { n });
  }

  /** Call the staff API (paths without a leading "/" are under cfg.api) in the page
   *  language; resolves to {ok, status, data}. Errors carry {code, detail} in data. */
  function api(path, { method = "GET", body, headers = {} } = {}) {
    return NafithaUtil.api(path.startsWith("/") ? path : cfg.api + path, {
      method, body, headers, lang: cfg.lang, csrf: cfg.csrf,
      offline: cfg.strings.offline, error: cfg.strings.error,
    });
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

  /** A random id for this browser tab. */
  const tabId = () => NafithaUtil.id();

  return { cfg, digits, ticketNumber, counterName, duration, format, count, api, socket, debounce, isNews, el, tabId, t: cfg.strings };
})();
