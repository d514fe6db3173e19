/* Check in a booking or a remote place at the counter by the reference the citizen shows
 * (POST centres/<code>/check-in/), typed, or read from its QR code with the camera
 * (static/nafitha/qr_scan.js, into the same field and the same request): the answer (ticket
 * number, or the refusal) is shown under the field; the ticket then appears in the queues
 * through the usual updates. The button comes disabled and is enabled once the handler is
 * attached: a tap before that submitted the form natively (a reload with the reference in
 * the address, and no answer). */
"use strict";

(() => {
  const form = document.getElementById("desk-check-in-form");
  if (!form) return;
  const input = document.getElementById("desk-reference");
  const answer = document.getElementById("desk-answer");
  const button = form.querySelector("button[type=submit]");

  function show(text, ok) {
    answer.textContent = text;
    answer.className = "desk-answer " + (ok ? "ok" : "refused");
    answer.hidden = false;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const reference = input.value.trim();
    if (!reference) { input.focus(); return; }
    button.disabled = true;
    const { ok, data } = await Nafitha.api("check-in/", {
      method: "POST", body: { reference },
    });
    button.disabled = false;
    show((data && data.detail) || Nafitha.t.error, ok);
    if (ok) input.value = "";
    input.focus();
  });
  button.disabled = false;

  if (!Nafitha.cfg.scan) return;
  NafithaScan.attach({
    toggle: document.getElementById("desk-scan"),
    view: document.getElementById("desk-scan-view"),
    video: document.getElementById("desk-video"),
    status: document.getElementById("desk-scan-status"),
    pattern: Nafitha.cfg.scan.pattern,
    strings: Nafitha.cfg.scan.strings,
    onReference(reference) {
      input.value = reference;
      answer.hidden = true;
      form.requestSubmit();
    },
  });
})();
