/* Shared by the hall and counter screens: display state, number formatting, the announcer. */
(function () {
  "use strict";

  var boot = JSON.parse(document.getElementById("display-boot").textContent);
  var AT_COUNTER = { called: true, serving: true };

  function arabicDigits(text) {
    return NafithaUtil.digits(text, "ar");
  }

  /* An element holding the same text in Arabic and English; CSS shows the configured ones. */
  function both(tag, arabic, english) {
    var element = document.createElement(tag);
    [["ar", arabic], ["en", english]].forEach(function (pair) {
      var bdi = document.createElement("bdi");
      bdi.lang = pair[0];
      bdi.textContent = pair[1];
      element.append(bdi);
    });
    return element;
  }

  function inScope(state, ticket) {
    return Boolean(ticket && state.services[ticket.service]);
  }

  /* Apply one hall event to the state; returns the call to announce, if any. */
  function applyEvent(state, event) {
    if (event.queues) state.queues = event.queues;
    var ticket = event.ticket;
    if (event.counter) {
      var counter = state.counters.find(function (c) { return c.number === event.counter.number; });
      if (!counter) {
        counter = { number: event.counter.number, state: event.counter.state, ticket: null };
        state.counters.push(counter);
      }
      counter.state = event.counter.state;
    }
    if (ticket) {
      state.counters.forEach(function (c) {
        if (c.ticket && c.ticket.id === ticket.id) c.ticket = null;
      });
      if (event.counter && AT_COUNTER[ticket.status]) {
        state.counters.find(function (c) { return c.number === event.counter.number; }).ticket = ticket;
      }
    }
    var isCall = event.type === "ticket.called" || event.type === "ticket.recalled";
    if (!isCall || !event.counter || !inScope(state, ticket)) return null;
    var call = { ticket: ticket, counter: event.counter.number, at: event.at, announce: event.announce,
                 recall: event.type === "ticket.recalled" };
    state.calls = [call].concat(state.calls.filter(function (c) { return c.ticket.id !== ticket.id; }))
      .slice(0, state.config.recent_calls + 1);
    return call;
  }

  /* Languages shown follow the screen's configuration, which may change live. */
  function applyLanguages(languages) {
    document.body.dataset.languages = languages.join(" ");
    document.documentElement.lang = languages[0];
    document.documentElement.dir = languages[0] === "ar" ? "rtl" : "ltr";
  }

  function setOnline(online) {
    document.getElementById("offline").hidden = online;
    document.body.classList.toggle("is-offline", !online);
  }

  function flash(element) {
    element.classList.remove("flash");
    void element.offsetWidth; // restart the animation
    element.classList.add("flash");
  }

  /* Announcements play one after another, in the order the calls arrived. A call older than
   * this (held in a queue, or delivered late after an outage) is shown but not spoken. */
  var ANNOUNCE_WITHIN_SECONDS = 30;
  function fresh(call) {
    return !call.at || NafithaStream.age(call.at) <= ANNOUNCE_WITHIN_SECONDS;
  }

  var Announcer = {
    queue: [],
    busy: false,
    audio: null,
    languages: ["ar", "en"],

    context: function () {
      var Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) return null;
      this.audio = this.audio || new Context();
      return this.audio;
    },

    chime: function () {
      var ctx = this.context();
      if (!ctx) return Promise.resolve();
      var start = ctx.currentTime + 0.05;
      [[880, 0], [660, 0.4]].forEach(function (tone) {
        var osc = ctx.createOscillator();
        var gain = ctx.createGain();
        osc.type = "sine";
        osc.frequency.value = tone[0];
        gain.gain.setValueAtTime(0.0001, start + tone[1]);
        gain.gain.exponentialRampToValueAtTime(0.5, start + tone[1] + 0.03);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + tone[1] + 0.7);
        osc.connect(gain).connect(ctx.destination);
        osc.start(start + tone[1]);
        osc.stop(start + tone[1] + 0.75);
      });
      return new Promise(function (resolve) { setTimeout(resolve, 1200); });
    },

    voice: function (language) {
      if (!window.speechSynthesis) return null;
      return speechSynthesis.getVoices().find(function (v) {
        return (v.lang || "").toLowerCase().indexOf(language) === 0;
      }) || null;
    },

    speak: function (text, voice) {
      return new Promise(function (resolve) {
        var utterance = new SpeechSynthesisUtterance(text);
        utterance.voice = voice;
        utterance.lang = voice.lang;
        utterance.rate = 0.9;
        utterance.onend = resolve;
        utterance.onerror = resolve;
        setTimeout(resolve, 15000);
        speechSynthesis.speak(utterance);
      });
    },

    play: function (url) {
      return new Promise(function (resolve) {
        var audio = new Audio(url);
        audio.onended = resolve;
        audio.onerror = resolve;
        setTimeout(resolve, 15000);
        audio.play().catch(resolve);
      });
    },

    /* Chime, then each configured language: the browser's voice, else the server's audio. */
    say: function (call) {
      var self = this;
      return this.languages.reduce(function (done, language) {
        return done.then(function () {
          var voice = self.voice(language);
          if (voice) return self.speak(call.announce.text[language], voice);
          if (call.announce.audio[language]) return self.play(call.announce.audio[language]);
          return null;
        });
      }, this.chime());
    },

    add: function (call) {
      if (!call.announce || !fresh(call)) return;
      this.queue.push(call);
      this.next();
    },

    next: function () {
      this.queue = this.queue.filter(fresh);
      if (this.busy || !this.queue.length) return;
      var self = this;
      this.busy = true;
      this.say(this.queue.shift()).then(function () {
        self.busy = false;
        self.next();
      });
    },
  };

  window.NafithaDisplay = {
    boot: boot,
    arabicDigits: arabicDigits,
    both: both,
    applyEvent: applyEvent,
    applyLanguages: applyLanguages,
    setOnline: setOnline,
    flash: flash,
    Announcer: Announcer,
  };
})();
