/* Ticket tracking on the phone: live status, and a vibration and a tone when called. */
(function () {
  "use strict";

  var boot = JSON.parse(document.getElementById("track-boot").textContent);
  var byId = function (id) { return document.getElementById(id); };
  var pending = null;
  var stream = null;

  function render(ticket) {
    byId("number").textContent = document.documentElement.lang === "ar" ? ticket.number_ar : ticket.number;
    byId("service").textContent = ticket.service.name;
    byId("headline").textContent = ticket.headline;
    byId("position").textContent = ticket.position_text || "—";
    byId("wait").textContent = ticket.wait_text || "—";
    byId("status").textContent = ticket.status_text;
    document.body.dataset.called = ticket.called ? "true" : "false";
    document.body.dataset.status = ticket.status;
    byId("note").hidden = !ticket.active;
    byId("thanks").hidden = !ticket.finished;
    byId("leave").hidden = !ticket.can_leave;
  }

  /* Leaving the queue asks first; "No" has the focus. */
  byId("leave").addEventListener("click", function () {
    var dialog = byId("leave-confirm");
    dialog.returnValue = "";
    dialog.showModal();
  });
  byId("leave-confirm").addEventListener("close", function () {
    if (byId("leave-confirm").returnValue !== "leave") return;
    byId("leave-error").hidden = true;
    var offline = byId("leave-error").dataset.offline;
    NafithaUtil.api(boot.leave, { method: "POST", credentials: "omit", lang: boot.lang, offline: offline, error: offline })
      .then(function (response) {
        if (response.ok) {
          stream.resync();
          return;
        }
        // A refusal carries the server's translated detail; a lost connection says so.
        byId("leave-error").textContent = response.data.detail;
        byId("leave-error").hidden = false;
      });
  });

  function alertCalled() {
    if (navigator.vibrate) navigator.vibrate([400, 200, 400, 200, 400]);
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    try {
      var ctx = new Context();
      var osc = ctx.createOscillator();
      var gain = ctx.createGain();
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.3, ctx.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 1.2);
      osc.connect(gain).connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 1.2);
    } catch (error) { /* sound is a bonus; the vibration and the text remain */ }
  }

  /* Position changes reach every phone at once: spread the refetches over a second or two. */
  function refreshSoon(delay) {
    if (pending !== null) return;
    pending = setTimeout(function () {
      pending = null;
      stream.resync();
    }, delay);
  }

  stream = NafithaStream.connect(boot.ws, {
    snapshot: function (snapshot) { render(snapshot.ticket); },
    event: function (event) {
      if (event.type === "queue.moved") {
        refreshSoon(300 + Math.random() * 1700);
        return;
      }
      if (event.type === "ticket.called" || event.type === "ticket.recalled") alertCalled();
      refreshSoon(0);
    },
    status: function (online) { byId("offline").hidden = online; },
  });
})();
