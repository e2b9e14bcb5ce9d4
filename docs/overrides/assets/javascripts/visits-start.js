/* What the theme's inline start-up script does (partials/javascripts/base.html), from a file,
   so the Content-Security-Policy allows scripts from the site itself only. Loaded in the head,
   before the theme's bundle. */
(function () {
  "use strict";
  /* The site's root: this file is <root>/assets/javascripts/visits-start.js. */
  var scope = new URL("../..", document.currentScript.src);
  window.__md_scope = scope;
  window.__md_hash = function (text) {
    return Array.from(text).reduce(function (hash, c) { return (hash << 5) - hash + c.charCodeAt(0); }, 0);
  };
  window.__md_get = function (key, storage, base) {
    storage = storage || localStorage;
    base = base || scope;
    return JSON.parse(storage.getItem(base.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, base) {
    storage = storage || localStorage;
    base = base || scope;
    try { storage.setItem(base.pathname + "." + key, JSON.stringify(value)); } catch (e) { /* storage full or off */ }
  };
  document.documentElement.setAttribute("data-platform", navigator.platform);

  /* Without ResizeObserver (browsers before 2020) the theme's bundle fetches a polyfill from
     unpkg.com. This stand-in reports sizes on observe and on every window resize, which is
     what the theme needs (header, sidebars, tables), so nothing is fetched from elsewhere. */
  if (typeof window.ResizeObserver === "undefined") {
    var StandIn = function (callback) {
      var targets = [];
      var self = this;
      var report = function () {
        callback(targets.map(function (target) {
          return { target: target, contentRect: target.getBoundingClientRect() };
        }), self);
      };
      this.observe = function (target) { targets.push(target); setTimeout(report, 0); };
      this.unobserve = function (target) { targets = targets.filter(function (t) { return t !== target; }); };
      this.disconnect = function () { targets = []; window.removeEventListener("resize", report); };
      window.addEventListener("resize", report);
    };
    window.ResizeObserver = StandIn;
  }
})();
