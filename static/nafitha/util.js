/* NafithaUtil: the small helpers every page script shares, written once (docs/realtime.md,
 * "In the browser"). Load it before the page's own script:
 *   api(path, options)       fetch JSON; resolves to {ok, status, data, retryAfter}, never
 *                            rejects; on a refusal data is the server's {code, detail}, offline
 *                            {code: "offline"}; retryAfter: the Retry-After seconds, or 0
 *   el(tag, attrs, ...kids)  build an element ("class", "text", on* listeners, attributes)
 *   digits(value, lang)      Western digits to Arabic-Indic ones when lang is Arabic
 *   duration(seconds, lang)  "m:ss", or "h:mm:ss" from an hour on
 *   id(prefix)               a random hex id (works outside secure contexts too)
 */
(function () {
  "use strict";

  // The digits of the Arabic numbering system as the browser writes them ("٠" … "٩").
  var ARABIC = new Intl.NumberFormat("ar-u-nu-arab", { useGrouping: false });
  var ARABIC_DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(function (d) { return ARABIC.format(d); });

  function isArabic(lang) {
    return String(lang || "").slice(0, 2) === "ar";
  }

  function digits(value, lang) {
    var text = String(value);
    if (!isArabic(lang)) return text;
    return text.replace(/[0-9]/g, function (d) { return ARABIC_DIGITS[d]; });
  }

  function duration(seconds, lang) {
    var s = Math.max(0, Math.floor(seconds));
    var pad = function (n) { return String(n).padStart(2, "0"); };
    var h = Math.floor(s / 3600);
    var m = Math.floor((s % 3600) / 60);
    return digits(h ? h + ":" + pad(m) + ":" + pad(s % 60) : m + ":" + pad(s % 60), lang);
  }

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.slice(0, 2) === "on" && typeof value === "function") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    });
    var children = Array.prototype.slice.call(arguments, 2).flat(Infinity);
    children.forEach(function (child) {
      if (child !== null && child !== undefined && child !== false) node.append(child);
    });
    return node;
  }

  function id(prefix) {
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return (prefix || "") + Array.from(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : null;
  }

  /* options: method ("GET"), body (sent as JSON), headers, lang (adds ?lang= and
   * Accept-Language), csrf (the token; default: the csrftoken cookie, on anything but GET),
   * credentials ("same-origin"), cache, and the texts offline and error for the details of a
   * lost connection and of a failure the server did not explain. */
  function api(path, options) {
    var o = options || {};
    var method = o.method || "GET";
    var url = new URL(path, location.href);
    if (o.lang) url.searchParams.set("lang", o.lang);
    var headers = { Accept: "application/json" };
    if (o.lang) headers["Accept-Language"] = o.lang;
    if (o.body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET" && method !== "HEAD") {
      var token = o.csrf || cookie("csrftoken");
      if (token) headers["X-CSRFToken"] = token;
    }
    Object.assign(headers, o.headers || {});
    var init = { method: method, headers: headers, credentials: o.credentials || "same-origin" };
    if (o.cache) init.cache = o.cache;
    if (o.body !== undefined) init.body = JSON.stringify(o.body);
    return fetch(url, init).then(function (response) {
      var read = response.status === 204 ? Promise.resolve(null) : response.json().catch(function () { return null; });
      return read.then(function (data) {
        if (!response.ok && !(data && data.detail)) {
          data = { code: (data && data.code) || "error", detail: o.error || "" };
        }
        var retry = parseInt(response.headers.get("Retry-After") || "", 10);
        return { ok: response.ok, status: response.status, data: data, retryAfter: retry > 0 ? retry : 0 };
      });
    }, function () {
      return { ok: false, status: 0, data: { code: "offline", detail: o.offline || "" } };
    });
  }

  window.NafithaUtil = { api: api, el: el, digits: digits, duration: duration, id: id, isArabic: isArabic };
})();
