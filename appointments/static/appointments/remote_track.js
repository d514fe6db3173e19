/* The "when to leave" page of a place taken from home refreshes itself (docs/appointments.md).
 *
 * It asks the place's status endpoint (the page's token, never the reference) every
 * `data-refresh` seconds, a little jittered so phones do not ask in step, and only while the
 * answer may still change (`live`). It waits as long as the server's Retry-After says after a
 * 429, doubles its pause after a failure or a lost connection (up to 5 minutes), stops while
 * the page is hidden (Page Visibility API) and asks at once when it is shown again. Only the
 * lines that changed are rewritten, inside a polite live region, so a screen reader announces
 * the new position without interrupting; nothing moves focus. Without script the page still
 * says everything and a reload refreshes it.
 */
(function () {
  "use strict";

  var box = document.getElementById("leave");
  if (!box || box.dataset.live !== "1") return;
  var url = box.dataset.statusUrl;
  var lang = box.dataset.lang;
  var every = Math.max(5, parseInt(box.dataset.refresh, 10) || 20) * 1000;
  var MAX_PAUSE = 300000;
  var pause = every;
  var timer = null;
  var busy = false;
  var lastAsked = Date.now();
  var live = true;

  function show(id, text) {
    var node = document.getElementById(id);
    if (!node) return;
    var value = text || "";
    if (node.textContent !== value) node.textContent = value;
    node.hidden = !value;
  }

  function apply(state) {
    show("leave-lead", state.lead);
    show("leave-queue", state.queue);
    show("leave-note", state.note);
    var number = document.getElementById("leave-number");
    var value = document.getElementById("leave-number-value");
    if (number && value) {
      if (value.textContent !== (state.number || "")) value.textContent = state.number || "";
      number.hidden = !state.number;
    }
    box.dataset.status = state.status;
    if (state.status !== "pending") {
      var form = document.getElementById("cancel");
      if (form) form.hidden = true;
    }
  }

  function schedule(ms) {
    clearTimeout(timer);
    timer = null;
    if (!live || document.hidden) return;
    // ±15 % jitter spreads the phones of a busy centre over the period.
    timer = setTimeout(ask, Math.round(ms * (0.85 + Math.random() * 0.3)));
  }

  function ask() {
    timer = null;
    if (busy || !live || document.hidden) return;
    busy = true;
    lastAsked = Date.now();
    NafithaUtil.api(url, { lang: lang, cache: "no-store" }).then(function (result) {
      busy = false;
      if (result.ok) {
        apply(result.data);
        live = !!result.data.live;
        pause = every;
      } else if (result.status === 429) {
        pause = Math.min(MAX_PAUSE, Math.max(every, (result.retryAfter || 0) * 1000));
      } else if (result.status === 404) {
        live = false; // the place is gone: nothing more to ask
      } else {
        pause = Math.min(MAX_PAUSE, pause * 2);
      }
      schedule(pause);
    });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      clearTimeout(timer);
      timer = null;
    } else if (Date.now() - lastAsked >= pause) {
      ask(); // shown again after a while: ask at once (never sooner than a Retry-After)
    } else {
      schedule(pause - (Date.now() - lastAsked));
    }
  });

  schedule(every);
})();
