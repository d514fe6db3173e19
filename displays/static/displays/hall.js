/* The hall display: latest call, recent calls, waiting per department, clock, announcements. */
(function () {
  "use strict";

  var D = window.NafithaDisplay;
  var state = null;
  var byId = function (id) { return document.getElementById(id); };

  function renderNow() {
    var latest = state.calls[0];
    byId("now-number-ar").textContent = latest ? latest.ticket.number_ar : "—";
    byId("now-number-en").textContent = latest ? latest.ticket.number : "—";
    byId("now-counter").hidden = !latest;
    if (latest) {
      byId("now-counter-ar").textContent = D.arabicDigits(latest.counter);
      byId("now-counter-en").textContent = latest.counter;
    }
    byId("now-service").replaceChildren.apply(byId("now-service"), latest ? [serviceName(latest)] : []);
  }

  /* The called ticket's service, in both languages, so the citizen can tell two letters apart. */
  function serviceName(call) {
    var service = state.services[call.ticket.service];
    var name = D.both("span", service.name_ar, service.name_en);
    name.className = "service-name";
    return name;
  }

  /* A table cell whose Arabic and English forms sit side by side with a gap between them
   * (a gap of the flex container, so it never lands inside an isolated LTR run). */
  function cell(arabic, english, className) {
    var td = document.createElement("td");
    var pair = D.both("span", arabic, english);
    pair.className = "pair";
    td.className = className;
    td.append(pair);
    return td;
  }

  /* Drop the oldest rows that do not fit in the panel rather than showing one cut in half. */
  function fitRows(tbody) {
    var panel = tbody.closest("section").getBoundingClientRect();
    while (tbody.lastElementChild &&
           tbody.lastElementChild.getBoundingClientRect().bottom > panel.bottom - 4) {
      tbody.lastElementChild.remove();
    }
  }

  function renderRecent() {
    var rows = state.calls.slice(1, state.config.recent_calls + 1).map(function (call) {
      var tr = document.createElement("tr");
      tr.dataset.ticket = call.ticket.id;
      var service = serviceName(call);
      var where = document.createElement("td");
      where.className = "service";
      where.append(service);
      tr.append(cell(call.ticket.number_ar, call.ticket.number, "ticket"), where,
                cell(D.arabicDigits(call.counter), String(call.counter), "counter"));
      return tr;
    });
    byId("recent").replaceChildren.apply(byId("recent"), rows);
    fitRows(byId("recent"));
  }

  function renderWaiting() {
    var totals = {};
    Object.keys(state.services).forEach(function (code) {
      var department = state.services[code].department;
      totals[department] = (totals[department] || 0) + (state.queues[code] || 0);
    });
    var items = state.departments.map(function (department) {
      var li = document.createElement("li");
      li.dataset.department = department.code;
      var name = D.both("span", department.name_ar, department.name_en);
      name.className = "department-name";
      var n = totals[department.code] || 0;
      var count = D.both("span", D.arabicDigits(n), String(n));
      count.className = "count";
      li.append(name, count);
      return li;
    });
    byId("waiting").replaceChildren.apply(byId("waiting"), items);
  }

  function render() {
    renderNow();
    renderWaiting();
    renderRecent(); // last: it drops the rows that do not fit the space the others leave it
  }

  function configure(config) {
    D.applyLanguages(config.languages);
    document.body.dataset.layout = config.layout;
    D.Announcer.languages = config.announce ? config.languages : [];
  }

  function tick() {
    var tz = state ? state.centre.timezone : "Asia/Amman";
    var now = new Date();
    byId("clock-time").textContent = new Intl.DateTimeFormat(
      document.documentElement.lang === "ar" ? "ar-JO-u-nu-arab" : "en-GB",
      { timeZone: tz, hour: "2-digit", minute: "2-digit" }).format(now);
    var day = { timeZone: tz, weekday: "long", day: "numeric", month: "long", year: "numeric" };
    byId("clock-date-ar").textContent = new Intl.DateTimeFormat("ar-JO-u-nu-arab", day).format(now);
    byId("clock-date-en").textContent = new Intl.DateTimeFormat("en-GB", day).format(now);
  }

  NafithaStream.connect(D.boot.ws, {
    snapshot: function (snapshot) {
      state = snapshot;
      configure(state.config);
      render();
      tick();
    },
    event: function (event) {
      var call = D.applyEvent(state, event);
      render();
      if (call) {
        D.flash(byId("now"));
        if (state.config.announce) D.Announcer.add(call);
      }
    },
    status: D.setOnline,
  });

  // Browsers may keep audio suspended until someone touches the screen once.
  var sound = byId("sound");
  var ctx = D.Announcer.context();
  if (ctx && ctx.state === "suspended") {
    sound.hidden = false;
    sound.addEventListener("click", function () {
      ctx.resume();
      sound.hidden = true;
    });
  }
  if (window.speechSynthesis) speechSynthesis.getVoices();
  tick();
  setInterval(tick, 1000);
})();
