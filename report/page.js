// Filters of the matrix and the panel that shows a cell's scenarios. No framework, no network.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-rule]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("tbody[data-group]"));
  var texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
  var method = document.getElementById("f-method");
  var verdict = document.getElementById("f-verdict");
  var text = document.getElementById("f-text");
  var shown = document.getElementById("shown");
  var panel = document.getElementById("detail");
  var title = document.getElementById("detail-title");
  var body = document.getElementById("detail-body");
  var opener = null;

  function matches(row, i, m, v, t) {
    if (m && row.getAttribute("data-methods").indexOf("|" + m + "|") < 0) return false;
    if (v === "changed" && !row.querySelector("td[data-change]")) return false;
    if (v && v !== "changed" && !row.querySelector('td[data-verdict="' + v + '"]')) return false;
    return !t || texts[i].indexOf(t) >= 0;
  }

  function apply() {
    var m = method.value, v = verdict.value, t = text.value.trim().toLowerCase(), n = 0;
    rows.forEach(function (row, i) {
      var ok = matches(row, i, m, v, t);
      row.hidden = !ok;
      if (ok) n++;
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector("tr[data-rule]:not([hidden])"); });
    shown.textContent = n + " of " + rows.length + " rules";
  }

  function open(cell) {
    var row = cell.parentNode;
    var col = cell.cellIndex;
    var head = document.querySelector("#rules thead th:nth-child(" + (col + 1) + ")");
    title.textContent = row.getAttribute("data-rule") + " on " + (head ? head.firstChild.textContent.trim() : "");
    body.textContent = "";
    cell.getAttribute("data-ev").split(" ").forEach(function (id) {
      var src = document.getElementById(id);
      if (!src) return;
      var copy = src.cloneNode(true);
      copy.removeAttribute("id");
      body.appendChild(copy);
    });
    opener = cell;
    panel.hidden = false;
    title.focus();
  }

  function close() {
    if (panel.hidden) return;
    panel.hidden = true;
    if (opener) opener.focus();
  }

  method.addEventListener("change", apply);
  verdict.addEventListener("change", apply);
  text.addEventListener("input", apply);
  document.getElementById("detail-close").addEventListener("click", close);
  document.getElementById("rules").addEventListener("click", function (e) {
    var cell = e.target.closest("td[data-ev]");
    if (cell) open(cell);
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if ((e.key === "Enter" || e.key === " ") && t.matches && t.matches("td[data-ev]")) {
      e.preventDefault();
      open(t);
    } else if ((e.key === "ArrowDown" || e.key === "ArrowUp") && t.matches && t.matches("td[data-ev]")) {
      // Up and down move between the cells that have something to show, in visible rows.
      e.preventDefault();
      var cells = Array.prototype.filter.call(document.querySelectorAll("td[data-ev]"), function (c) {
        return !c.parentNode.hidden && !c.parentNode.parentNode.hidden;
      });
      var next = cells[cells.indexOf(t) + (e.key === "ArrowDown" ? 1 : -1)];
      if (next) next.focus();
    } else if (e.key === "Escape") {
      close();
    } else if (e.key === "/" && !(t.matches && t.matches("input, select, textarea"))) {
      e.preventDefault();
      text.focus();
    }
  });
  apply();
})();
