/* Printing at the kiosk, for every kiosk screen that prints (a ticket, a check-in's ticket,
 * the documents to bring): the page at `url` is loaded into the hidden frame and printed.
 * Chromium in --kiosk --kiosk-printing mode prints it silently on the default printer. The
 * frame holds a page, never the PDF: printing from inside Chromium's PDF viewer in a hidden
 * frame crashed the whole kiosk tab (docs/kiosk.md, "Printing"). */
"use strict";

const KioskPrint = (() => {
  function page(frame, url) {
    frame.onload = () => {
      try {
        frame.contentWindow.print();
      } catch (err) {
        console.warn("printing failed", err);
      }
    };
    frame.src = url;
  }

  /** What a kiosk API answer's `print` asks of the page: print it here when the browser
   *  prints for this kiosk; false when the printer refused (the number is on screen). */
  function ticket(frame, printing) {
    if (printing.mode === "browser") page(frame, printing.page);
    return !printing.error;
  }

  return { page, ticket };
})();
