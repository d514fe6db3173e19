/* The small screen above one counter: its current ticket, or that it is paused or closed. */
(function () {
  "use strict";

  var D = window.NafithaDisplay;
  var number = D.boot.counter;
  var state = null;
  var byId = function (id) { return document.getElementById(id); };

  function render() {
    var counter = state.counters.find(function (c) { return c.number === number; }) || { state: "closed" };
    var ticket = counter.ticket;
    // With no ticket the screen says why (ready, paused, closed) instead of showing a dash.
    document.body.dataset.state = ticket ? "serving" : counter.state;
    byId("now-number").hidden = !ticket;
    byId("now-number-ar").textContent = ticket ? ticket.number_ar : "";
    byId("now-number-en").textContent = ticket ? ticket.number : "";
  }

  byId("counter-number-ar").textContent = D.arabicDigits(number);
  NafithaStream.connect(D.boot.ws, {
    snapshot: function (snapshot) {
      state = snapshot;
      render();
    },
    event: function (event) {
      D.applyEvent(state, event);
      render();
      var mine = event.counter && event.counter.number === number;
      if (mine && (event.type === "ticket.called" || event.type === "ticket.recalled")) D.flash(byId("now"));
    },
    status: D.setOnline,
  });
})();
