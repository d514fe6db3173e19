/* Scanning a booking's or remote place's QR code with a camera, for the kiosk's check-in
 * screen and the counter console's check-in card (docs/appointments.md, "Scanning with a
 * camera"). The code holds the bare reference ("B-…" or "R-…"); a code read that is not one
 * is refused in place and scanning goes on. A reference read is handed to `onReference`,
 * which puts it where a typed one goes, and the camera stops.
 *
 * Decoding: the browser's BarcodeDetector where it reads QR codes, else jsQR (vendored,
 * static/vendor/jsqr/jsQR.js, loaded before this file). The camera stops after a result,
 * with the stop button, after SCAN_MS without a result, and when the page is left or
 * hidden. Denied or missing camera: a message, and the typed field still works.
 *
 *   NafithaScan.attach({toggle, view, video, status, pattern, strings, onReference})
 */
"use strict";

const NafithaScan = (() => {
  const SCAN_MS = 60000; // a forgotten camera stops on its own
  const EVERY_MS = 150; // between two reads: enough for a held code, light on a kiosk's CPU
  const MAX_WIDTH = 640; // frames are scaled down to this before jsQR reads them

  async function qrDetector() {
    if (!("BarcodeDetector" in window)) return null;
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      return formats.includes("qr_code") ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    } catch (err) {
      return null;
    }
  }

  function attach({ toggle, view, video, status, pattern, strings, onReference }) {
    const reference = new RegExp(pattern);
    const canvas = document.createElement("canvas");
    let context = null;
    let stream = null;
    let detector = null;
    let timer = null;
    let deadline = null;
    let refused = "";

    function say(text, kind) {
      status.textContent = text;
      status.dataset.kind = kind || "";
      status.hidden = !text;
    }

    function setRunning(running) {
      toggle.textContent = running ? strings.stop : strings.start;
      toggle.setAttribute("aria-pressed", running ? "true" : "false");
      view.hidden = !running;
    }

    /** The reference a code holds, written as printed, or null for anything else. */
    function referenceOf(text) {
      const match = reference.exec(text || "");
      return match ? match.slice(1).join("-").toUpperCase() : null;
    }

    async function read() {
      if (detector) {
        const codes = await detector.detect(video);
        return codes.map((code) => code.rawValue);
      }
      if (typeof window.jsQR !== "function") return [];
      const scale = Math.min(1, MAX_WIDTH / video.videoWidth);
      const width = Math.round(video.videoWidth * scale);
      const height = Math.round(video.videoHeight * scale);
      if (!width || !height) return [];
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      }
      context = context || canvas.getContext("2d", { willReadFrequently: true });
      context.drawImage(video, 0, 0, width, height);
      const image = context.getImageData(0, 0, width, height);
      const code = window.jsQR(image.data, width, height, { inversionAttempts: "attemptBoth" });
      return code ? [code.data] : [];
    }

    async function tick() {
      timer = null;
      if (!stream) return;
      if (Date.now() > deadline) {
        stop();
        say(strings.timed_out, "info");
        return;
      }
      let texts = [];
      if (video.readyState >= 2) {
        try {
          texts = await read();
        } catch (err) {
          texts = [];
        }
      }
      if (!stream) return;
      for (const text of texts) {
        const found = referenceOf(text);
        if (found) {
          stop();
          say("", "");
          onReference(found);
          return;
        }
        if (text !== refused) {
          refused = text;
          say(strings.not_reference, "refused");
        }
      }
      timer = setTimeout(tick, EVERY_MS);
    }

    async function start() {
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        say(strings.unavailable, "refused");
        return;
      }
      toggle.disabled = true;
      say(strings.starting, "info");
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          audio: false,
          video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
        });
      } catch (err) {
        stream = null;
        toggle.disabled = false;
        const denied = err && (err.name === "NotAllowedError" || err.name === "SecurityError");
        const missing = err && (err.name === "NotFoundError" || err.name === "OverconstrainedError");
        say(denied ? strings.denied : missing ? strings.no_camera : strings.unavailable, "refused");
        return;
      }
      detector = detector || (await qrDetector());
      video.srcObject = stream;
      video.muted = true;
      video.setAttribute("playsinline", "");
      try {
        await video.play();
      } catch (err) {
        // Autoplay of a muted camera stream is allowed; a refusal still shows frames.
      }
      toggle.disabled = false;
      refused = "";
      deadline = Date.now() + SCAN_MS;
      setRunning(true);
      view.dataset.decoder = detector ? "barcode-detector" : "jsqr";
      say(strings.hold, "info");
      tick();
    }

    function stop() {
      clearTimeout(timer);
      timer = null;
      if (stream) stream.getTracks().forEach((track) => track.stop());
      stream = null;
      video.srcObject = null;
      setRunning(false);
    }

    toggle.addEventListener("click", () => {
      if (stream) {
        stop();
        say("", "");
      } else {
        start();
      }
    });
    window.addEventListener("pagehide", stop);
    document.addEventListener("visibilitychange", () => {
      if (document.hidden) stop();
    });
    setRunning(false);
    // The page renders the button disabled: a tap before this script has attached would
    // do nothing, and without the script the camera cannot be used at all.
    toggle.disabled = false;
    return { start, stop, referenceOf, running: () => stream !== null };
  }

  return { attach };
})();
