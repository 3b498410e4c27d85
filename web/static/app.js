// LMO enhancements. Every page works without this file. On the search page
// it updates the results in place when a filter or the sort order changes:
// nothing navigates, focus stays where it is, the new count is announced
// (the count is an aria-live region) and the address follows the search
// (history.replaceState), so that it stays a permalink.
// The language switch follows the address: when a script changes the query
// (history.replaceState), each language's link and hreflang alternate get
// the same query, so that switching keeps the view.
function lmoSyncLanguages() {
  "use strict";
  var q = window.location.search;
  Array.prototype.forEach.call(document.querySelectorAll("nav.languages a[hreflang], link[rel=alternate][hreflang]"), function (a) {
    var u = new URL(a.getAttribute("href"), window.location.href);
    u.search = q;
    a.setAttribute("href", u.href);
  });
}

(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var form = document.getElementById("search");
  if (!form || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;
  var filters = document.getElementById("filters");
  var wide = window.matchMedia && window.matchMedia("(min-width: 50.01rem)");
  if (filters && wide && wide.matches) filters.open = true;

  // The search as query parameters, without empty fields or the default
  // sort: the canonical permalink.
  function query() {
    var out = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.tagName === "BUTTON") return;
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) return;
      var v = el.value.trim();
      if (v === "" || (el.name === "sort" && v === "relevance")) return;
      out.append(el.name, v);
    });
    var s = out.toString();
    return form.getAttribute("action") + (s ? "?" + s : "");
  }

  function byId(doc, id) { return doc.getElementById(id); }

  // copy replaces the content of the element id with the new page's.
  function copy(doc, id) {
    var now = byId(document, id), next = byId(doc, id);
    if (now && next) now.innerHTML = next.innerHTML;
  }

  // facets brings the filter panel up to date. A fieldset that holds the
  // focus keeps its boxes and gets the new counts; the others are replaced.
  function facets(doc) {
    var now = document.querySelector(".facets"), next = doc.querySelector(".facets");
    if (!now || !next) return;
    var years = byId(document, "facet-years");
    var seen = {};
    Array.prototype.forEach.call(next.querySelectorAll("fieldset.facet:not(.years)"), function (fs) {
      seen[fs.id] = true;
      var old = byId(document, fs.id);
      if (!old) { now.insertBefore(document.importNode(fs, true), years); return; }
      if (!old.contains(document.activeElement)) { old.parentNode.replaceChild(document.importNode(fs, true), old); return; }
      Array.prototype.forEach.call(old.querySelectorAll("input[type=checkbox]"), function (box) {
        var match = null;
        Array.prototype.forEach.call(fs.querySelectorAll("input[type=checkbox]"), function (b) {
          if (b.value === box.value) match = b;
        });
        var n = box.parentNode.querySelector(".n");
        var m = match && match.parentNode.querySelector(".n");
        if (n) n.textContent = m ? m.textContent : "(0)";
      });
    });
    Array.prototype.forEach.call(now.querySelectorAll("fieldset.facet:not(.years)"), function (fs) {
      if (!seen[fs.id] && !fs.contains(document.activeElement)) fs.parentNode.removeChild(fs);
    });
    copy(doc, "years-error");
    ["year_from", "year_to"].forEach(function (id) {
      var el = byId(document, id), nx = byId(doc, id);
      if (!el || !nx) return;
      if (nx.hasAttribute("aria-invalid")) el.setAttribute("aria-invalid", "true");
      else el.removeAttribute("aria-invalid");
    });
  }

  var seq = 0;
  // update fetches the search and puts its results on this page.
  function update(then) {
    var url = query(), mine = ++seq;
    form.setAttribute("aria-busy", "true");
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } }).then(function (resp) {
      if (!resp.ok && resp.status !== 400) throw new Error("status " + resp.status);
      return resp.text();
    }).then(function (html) {
      if (mine !== seq) return;
      var doc = new DOMParser().parseFromString(html, "text/html");
      copy(doc, "results-body");
      copy(doc, "errors");
      copy(doc, "filters-n");
      facets(doc);
      var count = byId(document, "count"), next = byId(doc, "count");
      if (count && next) count.textContent = next.textContent;
      document.title = doc.title;
      var feed = document.querySelector("link[rel=alternate][type='application/atom+xml']");
      var nextFeed = doc.querySelector("link[rel=alternate][type='application/atom+xml']");
      if (feed && nextFeed) feed.setAttribute("href", nextFeed.getAttribute("href"));
      history.replaceState(null, "", url);
      lmoSyncLanguages();
      form.removeAttribute("aria-busy");
      if (then) then();
    }).catch(function () {
      if (mine === seq) window.location.assign(url);
    });
  }

  form.addEventListener("change", function (event) {
    var t = event.target;
    if (t.type === "checkbox" || t.id === "sort" || t.id === "year_from" || t.id === "year_to") update();
  });

  // Apply updates in place too; on a small screen it then closes the
  // filters and takes the person back to the results.
  form.addEventListener("submit", function (event) {
    var by = event.submitter;
    if (by && by.classList.contains("apply")) {
      event.preventDefault();
      update(function () {
        if (wide && wide.matches) return;
        if (filters) filters.open = false;
        var h = byId(document, "results-h");
        if (h) { h.focus(); h.scrollIntoView(); }
      });
      return;
    }
    // Other buttons (Search, removing a filter) load the page: leave out
    // empty fields, so that the address stays a clean permalink.
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && !el.value && el.tagName !== "BUTTON") el.disabled = true;
    });
    var sort = byId(document, "sort");
    if (sort && sort.value === "relevance") sort.disabled = true;
  });
  // Coming back to the page from the history, enable the fields again.
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(form.elements, function (el) { el.disabled = false; });
  });
})();

// The countries index. Without this script the form filters on the server
// (GET /countries?q=&region=&with=practices); with it, the same rows are
// filtered as one types or changes a field: each country's folded names are
// in its data-match, its count of practices in data-count. The count of
// countries shown is an aria-live region, updated once typing pauses, and
// the address follows the filter (history.replaceState).
(function () {
  "use strict";
  var form = document.getElementById("country-filter");
  if (!form || !String.prototype.normalize || !window.URLSearchParams) return;
  var q = document.getElementById("cq"), region = document.getElementById("cregion"),
    withP = document.getElementById("cwith"), shown = document.getElementById("countries-shown"),
    nomatch = document.getElementById("countries-nomatch");
  var groups = document.querySelectorAll("#country-groups .region-group");
  var timer;

  // fold lowers s and strips its accents, as the server's foldName does.
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC").toLowerCase();
  }

  // permalink returns the address of the current filter.
  function permalink() {
    var p = new URLSearchParams();
    if (q.value.trim()) p.set("q", q.value.trim());
    if (region.value) p.set("region", region.value);
    if (withP.checked) p.set("with", "practices");
    var s = p.toString();
    return form.getAttribute("action") + (s ? "?" + s : "");
  }

  function apply() {
    var want = fold(q.value.trim()), reg = region.value, only = withP.checked, n = 0;
    Array.prototype.forEach.call(groups, function (g) {
      var inGroup = 0, regionOK = !reg || g.getAttribute("data-region") === reg;
      Array.prototype.forEach.call(g.querySelectorAll("li"), function (li) {
        var ok = regionOK && li.getAttribute("data-match").indexOf(want) >= 0 &&
          (!only || li.getAttribute("data-count") !== "0");
        li.hidden = !ok;
        if (ok) inGroup++;
      });
      g.hidden = inGroup === 0;
      n += inGroup;
    });
    nomatch.hidden = n > 0;
    clearTimeout(timer);
    timer = setTimeout(function () { shown.textContent = String(n); }, 300);
    if (window.history && history.replaceState) {
      history.replaceState(null, "", permalink());
      lmoSyncLanguages();
    }
  }

  // The server sent only the rows that matched the filter in the address;
  // load every row once (one request however fast one types), then filter
  // in place. If that fails, the form still submits to the server.
  var loading = null;
  function loadAll(then) {
    if (!form.hasAttribute("data-filtered") || !window.fetch || !window.DOMParser) { then(); return; }
    if (!loading) {
      loading = fetch(form.getAttribute("action"), { headers: { Accept: "text/html" } })
        .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.text(); })
        .then(function (html) {
          var all = new DOMParser().parseFromString(html, "text/html").getElementById("country-groups");
          if (!all) throw new Error("no country list");
          document.getElementById("country-groups").innerHTML = all.innerHTML;
          groups = document.querySelectorAll("#country-groups .region-group");
          form.removeAttribute("data-filtered");
        });
    }
    loading.then(then, function () { loading = null; });
  }

  form.addEventListener("input", function () { loadAll(apply); });
  form.addEventListener("change", function () { loadAll(apply); });
  form.addEventListener("submit", function (event) {
    if (form.hasAttribute("data-filtered")) {
      // Without every row at hand, let the server filter.
      return;
    }
    event.preventDefault();
    apply();
  });
})();
