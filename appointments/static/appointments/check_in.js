// Kiosk check-in: the reference typed, scanned by a scanner that types (and presses Enter),
// or read from its QR code by the kiosk's camera (static/nafitha/qr_scan.js) is posted to the
// check-in API with this kiosk's device token; the answer is shown as it comes and the
// ticket is printed as a walk-in ticket is (kiosk/static/kiosk/print_frame.js). The button
// comes disabled and is enabled once the handler is attached: a tap or a scanner's Enter
// before that would submit the form natively, putting the reference in the address.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("check-in-config").textContent);
  const $ = (id) => document.getElementById(id);
  const token = localStorage.getItem("nafitha.kiosk.device." + config.centre);
  const IDLE_MS = 60000;
  let idle;

  function show(text) {
    $("ci-error").textContent = text;
    $("ci-error").hidden = !text;
  }

  function goHomeLater() {
    clearTimeout(idle);
    idle = setTimeout(() => { window.location.href = $("ci-home").getAttribute("href"); }, IDLE_MS);
  }

  async function checkIn(reference) {
    if (!token) {
      show(config.strings.no_device);
      return;
    }
    show(config.strings.checking);
    $("ci-submit").disabled = true;
    let response, body;
    try {
      response = await fetch("/api/v1/appointments/check-in/", {
        method: "POST",
        credentials: "omit",
        cache: "no-store",
        headers: {
          "Content-Type": "application/json",
          "Accept-Language": config.language,
          Authorization: "Device " + token,
        },
        body: JSON.stringify({ reference: reference, language: config.language }),
      });
      body = await response.json();
    } catch (error) {
      show(config.strings.network);
      return;
    } finally {
      $("ci-submit").disabled = false;
      goHomeLater();
    }
    if (!response.ok) {
      show(body.detail || config.strings.error);
      return;
    }
    show("");
    scanner.stop();
    $("ci-message").textContent = body.detail;
    $("ci-number").textContent = body.number;
    $("ci-service").textContent = body.service_name;
    const printed = body.print ? KioskPrint.ticket($("print-frame"), body.print) : false;
    $("ci-print").textContent = printed ? config.strings.printing : config.strings.printer_failed;
    $("ci-form-screen").hidden = true;
    $("ci-ticket").hidden = false;
  }

  $("ci-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const reference = $("ci-reference").value.trim();
    if (reference) checkIn(reference);
  });
  $("ci-submit").disabled = false;

  // A QR code read by the camera goes where a typed reference goes.
  const scanner = NafithaScan.attach({
    toggle: $("ci-scan"),
    view: $("ci-scan-view"),
    video: $("ci-video"),
    status: $("ci-scan-status"),
    pattern: config.scan.pattern,
    strings: config.scan.strings,
    onReference(reference) {
      $("ci-reference").value = reference;
      $("ci-form").requestSubmit();
    },
  });
  $("ci-scan").addEventListener("click", goHomeLater);
  goHomeLater();
})();
