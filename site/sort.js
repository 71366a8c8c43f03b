// Sorting and filtering for tables of class "sortable": a small progressive
// enhancement. Without JavaScript the tables keep their order (source order).
(function () {
  "use strict";
  function key(cell) {
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    var n = raw === "" ? NaN : Number(raw.replace(/,/g, ""));
    return { raw: raw.toLowerCase(), n: n };
  }
  // Numbers first (by value), then text (alphabetically), then empty cells.
  function rank(k) { return k.raw === "" ? 2 : isNaN(k.n) ? 1 : 0; }
  function compare(a, b) {
    var r = rank(a) - rank(b);
    if (r !== 0) return r;
    if (rank(a) === 0) return a.n - b.n;
    return a.raw < b.raw ? -1 : a.raw > b.raw ? 1 : 0;
  }
  function enhance(table) {
    var heads = table.tHead.rows[0].cells;
    var body = table.tBodies[0];
    Array.prototype.forEach.call(heads, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var down = th.getAttribute("aria-sort") === "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", down ? "descending" : "ascending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var c = compare(key(r1.cells[column]), key(r2.cells[column]));
          return down ? -c : c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    var label = document.createElement("label");
    label.className = "filter";
    label.textContent = "Show rows containing ";
    var input = document.createElement("input");
    input.type = "search";
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase();
      Array.prototype.forEach.call(body.rows, function (r) {
        r.hidden = words !== "" && r.textContent.toLowerCase().indexOf(words) < 0;
      });
    });
    label.appendChild(input);
    table.parentNode.insertBefore(label, table);
  }
  document.querySelectorAll("table.sortable").forEach(enhance);
})();
