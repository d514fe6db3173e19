/* On-screen keyboard for the kiosk's search box: a kiosk Chromium has no keyboard of its own.
   Arabic and English layouts, large keys. Usage:
     NafithaKeyboard.mount(container, input, { labels, lang }) → { setLanguage(lang, labels) }
   Typing dispatches an "input" event on the input, so the page reacts as to real typing. */
"use strict";

window.NafithaKeyboard = (() => {
  const LAYOUTS = {
    ar: [
      ["ض", "ص", "ث", "ق", "ف", "غ", "ع", "ه", "خ", "ح", "ج", "د"],
      ["ش", "س", "ي", "ب", "ل", "ا", "ت", "ن", "م", "ك", "ط", "ذ"],
      ["ئ", "ء", "ؤ", "ر", "ى", "ة", "و", "ز", "ظ", "أ", "إ", "آ"],
    ],
    en: [
      ["q", "w", "e", "r", "t", "y", "u", "i", "o", "p"],
      ["a", "s", "d", "f", "g", "h", "j", "k", "l"],
      ["z", "x", "c", "v", "b", "n", "m"],
    ],
  };

  function key(label, value, extra = {}) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "key" + (extra.wide ? " key-wide" : "");
    button.textContent = label;
    button.dataset.char = value;
    if (extra.aria) button.setAttribute("aria-label", extra.aria);
    return button;
  }

  function mount(container, input, options) {
    let lang = options.lang;
    let labels = options.labels;

    function type(value) {
      if (value === "backspace") input.value = input.value.slice(0, -1);
      else if (value === "clear") input.value = "";
      else if (value === "space") input.value += " ";
      else input.value += value;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function render() {
      container.lang = lang;
      container.dir = lang === "ar" ? "rtl" : "ltr";
      container.setAttribute("aria-label", labels.keyboard);
      const rows = LAYOUTS[lang].map((letters) => {
        const row = document.createElement("div");
        row.className = "key-row";
        row.append(...letters.map((letter) => key(letter, letter)));
        return row;
      });
      const last = document.createElement("div");
      last.className = "key-row";
      last.append(
        key(labels.space, "space", { wide: true }),
        key("⌫", "backspace", { aria: labels.delete }),
        key(labels.clear, "clear"),
      );
      container.replaceChildren(...rows, last);
    }

    container.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-char]");
      if (button) type(button.dataset.char);
    });
    render();
    return {
      setLanguage(newLang, newLabels) {
        lang = newLang;
        labels = newLabels;
        render();
      },
    };
  }

  return { mount };
})();
