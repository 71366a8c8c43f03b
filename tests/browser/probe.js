// Injected into a copy of a page by tests/test_browser.py, after the page's own
// script. It runs axe-core (when loaded) and a few interactions, then writes
// the results as JSON into <pre id="probe-result"> for --dump-dom to carry out.
(function () {
  "use strict";
  var out = { interactions: {} };
  var mark = document.querySelector("mark.fig[id]");
  if (mark) {
    var tip = document.getElementById(mark.getAttribute("aria-describedby"));
    out.interactions.tipBeforeFocus = getComputedStyle(tip).display;
    mark.focus();
    out.interactions.focused = document.activeElement === mark;
    out.interactions.tipOnFocus = getComputedStyle(tip).display;
    out.interactions.focusOutline = getComputedStyle(mark).outlineStyle;
    mark.blur();
  }
  var table = document.querySelector("table.sortable");
  if (table) {
    var buttons = table.tHead.querySelectorAll("th button");
    out.interactions.sortButtons = buttons.length;
    var numeric = Array.prototype.filter.call(table.tHead.rows[0].cells, function (th) { return th.classList.contains("n"); });
    var column = numeric.length > 1 ? numeric[1].cellIndex : 0;
    table.tHead.rows[0].cells[column].querySelector("button").click();
    out.interactions.sortedColumn = column;
    out.interactions.sortedKeys = Array.prototype.map.call(table.tBodies[0].rows, function (r) {
      var c = r.cells[column];
      return c.hasAttribute("data-sort") ? c.getAttribute("data-sort") : c.textContent.trim();
    });
    out.interactions.ariaSort = table.tHead.rows[0].cells[column].getAttribute("aria-sort");
    table.tHead.rows[0].cells[column].querySelector("button").click();  // back to descending, then restore order
    var first = table.tHead.rows[0].cells[0].querySelector("button");
    first.click();
  }
  out.darkScheme = matchMedia("(prefers-color-scheme: dark)").matches;
  function finish() {
    var pre = document.createElement("pre");
    pre.id = "probe-result";
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }
  if (!window.axe) { out.axe = null; finish(); return; }
  window.axe.run(document, {
    runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    resultTypes: ["violations", "incomplete"]
  }).then(function (r) {
    function brief(v) {
      return { id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(function (n) { return n.target.join(" ") + " :: " + (n.failureSummary || ""); }) };
    }
    out.axe = { version: window.axe.version, violations: r.violations.map(brief), incomplete: r.incomplete.map(brief), passes: r.passes.length };
    finish();
  }, function (error) {
    out.axe = { error: String(error) };
    finish();
  });
})();
