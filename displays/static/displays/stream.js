/* NafithaStream: the browser half of displays/stream.py (see docs/realtime.md).
 *
 * Connects to a centre stream, keeps the last applied `seq`, applies only the next one,
 * asks for a snapshot on a gap, after a reconnect, or when heartbeats stop or show a newer
 * seq, and reconnects with exponential backoff. Pages give it three callbacks:
 *   snapshot(message)  the full state (also after every reconnect or resync)
 *   event(message)     the next event, in order
 *   status(online)     false while disconnected or waiting for a snapshot
 */
(function () {
  "use strict";

  function connect(path, handlers) {
    var socket = null;
    var lastSeq = 0;
    var synced = false;
    var attempt = 0;
    var heartbeat = 25;
    var watchdog = null;
    var behind = null;

    function url() {
      return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
    }

    function setStatus(online) {
      if (handlers.status) handlers.status(online);
    }

    function armWatchdog() {
      // Heartbeats every `heartbeat` s: after missing two and a half, the socket is dead.
      clearTimeout(watchdog);
      watchdog = setTimeout(function () { if (socket) socket.close(); }, heartbeat * 2500);
    }

    function resync() {
      synced = false;
      if (socket && socket.readyState === WebSocket.OPEN) socket.send('{"type":"resync"}');
    }

    function onMessage(raw) {
      armWatchdog();
      var message;
      try { message = JSON.parse(raw.data); } catch (error) { return; }
      if (message.type === "snapshot") {
        lastSeq = message.seq;
        synced = true;
        heartbeat = message.heartbeat || heartbeat;
        setStatus(true);
        handlers.snapshot(message);
        return;
      }
      if (!synced) return;
      if (message.type === "heartbeat") {
        // The event numbered meanwhile may still be on its way: give it a moment.
        if (message.seq > lastSeq && behind === null) {
          var expected = message.seq;
          behind = setTimeout(function () {
            behind = null;
            if (lastSeq < expected) resync();
          }, 3000);
        }
        return;
      }
      if (typeof message.seq !== "number" || message.seq <= lastSeq) return;
      if (message.seq > lastSeq + 1) {
        resync();
        return;
      }
      lastSeq = message.seq;
      if (message.type !== "skip") handlers.event(message);
    }

    function open() {
      socket = new WebSocket(url());
      socket.onopen = function () { attempt = 0; armWatchdog(); };
      socket.onmessage = onMessage;
      socket.onclose = function () {
        clearTimeout(watchdog);
        synced = false;
        setStatus(false);
        var delay = Math.min(30000, 1000 * Math.pow(2, attempt)) * (0.5 + Math.random() / 2);
        attempt += 1;
        setTimeout(open, delay);
      };
    }

    open();
    return { resync: resync };
  }

  window.NafithaStream = { connect: connect };
})();
