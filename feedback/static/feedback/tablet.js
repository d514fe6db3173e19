/* Counter feedback tablet: idle until the server's socket sends a prompt for a service just
   finished at this counter, then faces (1–5), recommendation (0–10) and an optional comment,
   thanks, and back to idle by itself. Texts come in both languages from the page. */
(function () {
  "use strict";
  var TEXTS = JSON.parse(document.getElementById("feedback-texts").textContent);
  var CONFIG = JSON.parse(document.getElementById("feedback-config").textContent);
  var screens = ["idle", "prompt", "more", "thanks", "failed"];
  var current = null; // {ticket, token, language, satisfaction, recommend}
  var timer = null;

  function setLanguage(language) {
    var t = TEXTS[language] || TEXTS.ar;
    document.documentElement.lang = language;
    document.documentElement.dir = t.dir;
    document.querySelectorAll("[data-text]").forEach(function (el) { el.textContent = t[el.dataset.text]; });
    document.querySelectorAll("[data-face-label]").forEach(function (el) { el.textContent = t.faces[+el.dataset.faceLabel]; });
    document.querySelectorAll("[data-face]").forEach(function (el) { el.setAttribute("aria-label", t.faces[+el.dataset.face]); });
    document.querySelectorAll(".scale").forEach(function (el) { el.textContent = NafithaUtil.digits(el.dataset.value, language); });
  }

  function show(name, seconds) {
    screens.forEach(function (s) { document.getElementById(s).hidden = s !== name; });
    clearTimeout(timer);
    if (seconds) {
      timer = setTimeout(name === "more" ? send : idle, seconds * 1000);
    }
  }

  function idle() {
    current = null;
    setLanguage("ar");
    show("idle");
  }

  function prompt(message) {
    current = { ticket: message.ticket, token: message.token, language: message.language, satisfaction: null, recommend: null };
    setLanguage(message.language);
    document.getElementById("ticket-number").textContent = message.ticket;
    document.getElementById("comment").value = "";
    document.querySelectorAll(".scale").forEach(function (el) { el.setAttribute("aria-pressed", "false"); });
    show("prompt", CONFIG.promptSeconds);
  }

  function send() {
    if (!current || current.satisfaction === null) { return idle(); }
    var body = {
      token: current.token,
      satisfaction: current.satisfaction,
      recommend: current.recommend,
      comment: document.getElementById("comment").value
    };
    current = null;
    NafithaUtil.api(CONFIG.answer, { method: "POST", body: body }).then(function (response) {
      // 409: this visit was already answered (e.g. on the phone) — thank the citizen anyway.
      show(response.ok || response.status === 409 ? "thanks" : "failed", CONFIG.thanksSeconds);
    });
  }

  document.querySelectorAll(".face").forEach(function (button) {
    button.addEventListener("click", function () {
      if (!current) { return; }
      current.satisfaction = +button.dataset.value;
      show("more", CONFIG.promptSeconds);
    });
  });
  document.querySelectorAll(".scale").forEach(function (button) {
    button.addEventListener("click", function () {
      if (!current) { return; }
      current.recommend = +button.dataset.value;
      document.querySelectorAll(".scale").forEach(function (el) { el.setAttribute("aria-pressed", String(el === button)); });
    });
  });
  document.getElementById("send").addEventListener("click", send);
  document.getElementById("skip").addEventListener("click", function () {
    if (current) { current.recommend = null; document.getElementById("comment").value = ""; }
    send();
  });

  idle();
  // The shared client (static/nafitha/stream.js) reconnects and resyncs by itself.
  NafithaStream.connect(CONFIG.socket, {
    // A service that ended while the socket was away (the snapshot carries its prompt).
    snapshot: function (state) {
      if (state.prompt && !(current && current.ticket === state.prompt.ticket)) { prompt(state.prompt); }
    },
    event: function (message) {
      if (message.type === "prompt") { prompt(message); }
    },
    status: function (online) { document.body.dataset.connected = String(online); },
  });
})();
