/* NafithaStream: the one browser client of every live page (hall and counter displays,
 * ticket tracking, counter console, supervisor view, dashboard, feedback tablet); the browser
 * half of displays/stream.py (see docs/realtime.md, "Client rules").
 *
 * It keeps the last applied `seq`, applies only the next one, asks for a snapshot on a gap
 * or when heartbeats show a newer (or an older: the counter restarted) seq, drops a socket
 * that stays silent for 2.5 heartbeats, and reconnects with jittered exponential backoff;
 * every connection starts with a snapshot, so a page is right again whenever the server
 * side comes back (a Daphne restart, a Redis outage). Pages give it callbacks:
 *   snapshot(message)  the full state (on connect, after every reconnect or resync)
 *   event(message)     the next event, in order
 *   message(message)   anything without a seq (e.g. console.lease); optional
 *   status(online)     false while disconnected or waiting for a snapshot; only on changes
 * It returns {resync(), send(object)}.
 */
(function () {
  "use strict";

  var MAX_BACKOFF_MS = 10000;
  var clockOffset = 0; // server clock minus browser clock, in ms, from the latest snapshot

  /* Seconds since a server timestamp (ISO 8601), on the server's clock. */
  function age(at) {
    return (Date.now() + clockOffset - Date.parse(at)) / 1000;
  }

  function connect(path, handlers) {
    var socket = null;
    var lastSeq = 0;
    var synced = false;
    var online = null;
    var attempt = 0;
    var heartbeat = 25;
    var watchdog = null;
    var behind = null;

    function url() {
      return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
    }

    function setStatus(value) {
      if (value === online) return;
      online = value;
      if (handlers.status) handlers.status(value);
    }

    function armWatchdog() {
      // Heartbeats every `heartbeat` s: after missing two and a half, the socket is dead.
      // A half-open connection may never finish closing, so do not wait for its onclose.
      clearTimeout(watchdog);
      watchdog = setTimeout(function () {
        var dead = socket;
        dead.onclose = dead.onmessage = null;
        dead.close();
        closed();
      }, heartbeat * 2500);
    }

    function send(object) {
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(object));
    }

    function resync() {
      synced = false;
      send({ type: "resync" });
    }

    function onMessage(raw) {
      armWatchdog();
      var message;
      try { message = JSON.parse(raw.data); } catch (error) { return; }
      if (message.type === "snapshot") {
        lastSeq = message.seq;
        synced = true;
        attempt = 0;
        heartbeat = message.heartbeat || heartbeat;
        if (message.at) clockOffset = Date.parse(message.at) - Date.now();
        armWatchdog();
        setStatus(true);
        handlers.snapshot(message);
        return;
      }
      if (typeof message.seq !== "number") {
        if (message.type !== "heartbeat" && handlers.message) handlers.message(message);
        return;
      }
      if (!synced) return;
      if (message.type === "heartbeat") {
        if (message.seq < lastSeq) {
          resync(); // the server's counter started again: our seq means nothing now
        } else if (message.seq > lastSeq && behind === null) {
          // The event numbered meanwhile may still be on its way: give it a moment.
          var expected = message.seq;
          behind = setTimeout(function () {
            behind = null;
            if (lastSeq < expected) resync();
          }, 3000);
        }
        return;
      }
      if (message.seq <= lastSeq) return;
      if (message.seq > lastSeq + 1) {
        resync();
        return;
      }
      lastSeq = message.seq;
      if (message.type !== "skip") handlers.event(message);
    }

    function closed() {
      clearTimeout(watchdog);
      synced = false;
      setStatus(false);
      // 1 s doubling to 10 s, jittered, so a hall of screens does not come back at once.
      var delay = Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, attempt)) * (0.5 + Math.random() / 2);
      attempt += 1;
      setTimeout(open, delay);
    }

    function open() {
      socket = new WebSocket(url());
      socket.onopen = armWatchdog;
      socket.onmessage = onMessage;
      socket.onclose = closed;
    }

    open();
    return { resync: resync, send: send };
  }

  window.NafithaStream = { connect: connect, age: age };
})();
