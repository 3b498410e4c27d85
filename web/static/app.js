// LMO enhancements. Every page works without this file; with it, choosing a
// filter or a sort order on the search page applies it at once.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var form = document.getElementById("search");
  if (!form) return;
  form.addEventListener("change", function (event) {
    var t = event.target;
    if (t.type === "checkbox" || t.id === "sort") {
      // Remember which control changed, so that focus returns to it.
      try { sessionStorage.setItem("lmo-focus", t.id); } catch (e) {}
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });
  // Leave out empty fields, so that the address stays a clean permalink.
  form.addEventListener("submit", function () {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && !el.value && el.tagName !== "BUTTON") el.disabled = true;
    });
    var sort = document.getElementById("sort");
    if (sort && sort.value === "relevance") sort.disabled = true;
  });
  // Coming back to the page from the history, enable the fields again.
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(form.elements, function (el) { el.disabled = false; });
  });
  var id = null;
  try { id = sessionStorage.getItem("lmo-focus"); sessionStorage.removeItem("lmo-focus"); } catch (e) {}
  var el = id && document.getElementById(id);
  if (el) el.focus();
})();
