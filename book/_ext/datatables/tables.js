/* Briefing book: the article's tables become sortable, filterable DataTables (book/_ext/datatables.py).
   A table whose rows the build moved out of the page (data-briefing-rows) is filled from
   window.briefingRows[page], a page of rows at a time. A large table comes in parts (one script each,
   window.briefingRowParts): the page loads one part, buttons above the table load another, and a link
   to a row of another part loads that part. A link to a row not drawn — on another page of the table,
   or hidden by the filter — clears the filter and turns to that row's page, so it lands. */
(function () {
  "use strict";
  // {dt: DataTable, ids: {id: row index in the rows shown}, index: {id: part} or null, source, part, nav, key}
  var tables = [];
  var ID = /\bid="([^"]+)"/g;

  function pageRows() {
    var all = window.briefingRows || {};
    var keys = Object.keys(all);
    return keys.length ? [keys[0], all[keys[0]]] : ["", []];
  }

  // The folder of this script (…/_static/datatables/), where the parts' scripts are.
  function assetRoot() {
    var own = document.querySelector('script[src*="datatables/tables.js"]');
    return own ? own.src.replace(/tables\.js(\?.*)?$/, "") : "";
  }

  // The compact rows (datatables.py: compact_table) with each cell's HTML put back: a column stored
  // once per distinct cell holds indices into its values, and its shared prefix and suffix come back.
  function decode(source) {
    var columns = source.columns || [];
    return source.rows.map(function (row) {
      return row.map(function (cell, c) {
        var spec = columns[c];
        if (!spec) { return cell; }
        var value = spec.values ? spec.values[cell] : cell;
        return spec.affix ? spec.affix[0] + value + spec.affix[1] : value;
      });
    });
  }

  // id → row index of every id a cell of *rows* carries.
  function rowIds(rows) {
    var ids = {};
    rows.forEach(function (row, i) {
      row.forEach(function (cell) {
        var m;
        ID.lastIndex = 0;
        while ((m = ID.exec(cell)) !== null) { ids[m[1]] = i; }
      });
    });
    return ids;
  }

  // id → part of a table in parts (datatables.py: parts_index).
  function partIndex(source) {
    var index = {};
    source.ids.forEach(function (list, part) {
      if (!list) { return; }
      list.split(" ").forEach(function (rest) { index[source.idPrefix + rest] = part; });
    });
    return index;
  }

  function partLabel(source, part) {
    var start = 1;
    for (var k = 0; k < part; k++) { start += source.counts[k]; }
    return "rows " + start.toLocaleString("en") + "–" + (start + source.counts[part] - 1).toLocaleString("en");
  }

  function partNav(t) {
    var nav = document.createElement("p");
    nav.className = "briefing-parts";
    var total = t.source.counts.reduce(function (a, b) { return a + b; }, 0);
    nav.appendChild(document.createTextNode(
      "This table's " + total.toLocaleString("en") + " rows come in " + t.source.parts.length +
      " parts; sorting and the filter work within the part shown. Part: "));
    t.source.parts.forEach(function (_, part) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "briefing-part";
      button.textContent = (part + 1) + " (" + partLabel(t.source, part) + ")";
      button.addEventListener("click", function () { showPart(t, part); });
      nav.appendChild(button);
      nav.appendChild(document.createTextNode(" "));
    });
    return nav;
  }

  // Load part *part* of the table in parts *t* (its script, once), show its rows, then call *done*.
  function showPart(t, part, done) {
    var key = t.key + "/" + (part + 1);
    function fill() {
      var rows = decode(window.briefingRowParts[key]);
      t.dt.search("").columns().search("");
      t.dt.clear().rows.add(rows).draw();
      t.ids = rowIds(rows);
      t.part = part;
      Array.prototype.forEach.call(t.nav.querySelectorAll("button"), function (b, k) {
        b.disabled = k === part;
        b.setAttribute("aria-pressed", String(k === part));
      });
      if (done) { done(); }
    }
    if (window.briefingRowParts && window.briefingRowParts[key]) { fill(); return; }
    var script = document.createElement("script");
    script.src = assetRoot() + t.source.parts[part];
    script.onload = fill;
    document.head.appendChild(script);
  }

  function init() {
    var lib = window.briefingDataTables;
    if (!lib) { return; }
    var DataTable = lib["default"];
    var page = pageRows();
    var pending = [];
    document.querySelectorAll("article table").forEach(function (table) {
      if (!table.tHead || !table.tBodies.length) { return; }
      var moved = table.getAttribute("data-briefing-rows");
      var source = moved === null ? null : page[1][Number(moved)];
      var options = {
        order: [],
        autoWidth: false,
        info: true,
        pageLength: 50,
        lengthMenu: [[25, 50, 100, 500, -1], [25, 50, 100, 500, "all"]],
        language: {
          search: "Filter:",
          lengthMenu: "_MENU_ rows a page",
          entries: { _: "rows", 1: "row" },
          info: "rows _START_–_END_ of _TOTAL_",
          infoEmpty: "no row",
          infoFiltered: "(filtered from _MAX_)",
          zeroRecords: "No row matches the filter."
        }
      };
      var t = { ids: {}, index: null, source: source, part: 0, nav: null, key: page[0] + "/" + moved };
      if (source) {
        var columns = table.tHead.rows[table.tHead.rows.length - 1].cells.length;
        options.deferRender = true;
        options.columns = [];
        for (var c = 0; c < columns; c++) { options.columns.push({}); }
        if (source.parts) {
          options.data = [];
          t.index = partIndex(source);
          t.nav = partNav(t);
          table.parentNode.insertBefore(t.nav, table);
          pending.push(t);
        } else {
          options.data = decode(source);
          t.ids = rowIds(options.data);
        }
      } else {
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row, i) {
          row.querySelectorAll("[id]").forEach(function (e) { t.ids[e.id] = i; });
        });
      }
      t.dt = new DataTable(table, options);
      tables.push(t);
    });
    window.addEventListener("hashchange", reveal);
    // a table in parts shows the part the address names, else its first
    var id = targetId();
    var left = pending.length;
    if (!left) { reveal(); return; }
    pending.forEach(function (t) {
      showPart(t, id in t.index ? t.index[id] : 0, function () { if (--left === 0) { reveal(); } });
    });
  }

  // Every id a row of this page's tables holds, drawn or not, in the tables' order (what a link to
  // this page may name): a table in parts gives the ids of all its parts.
  window.briefingTableIds = function () {
    var out = [];
    tables.forEach(function (t) { out.push.apply(out, Object.keys(t.index || t.ids)); });
    return out;
  };

  function targetId() {
    return decodeURIComponent(window.location.hash.slice(1));
  }

  function reveal() {
    var id = targetId();
    if (!id || document.getElementById(id)) { return; }
    var waiting = false;
    tables.forEach(function (t) {
      if (!(id in t.ids)) {
        if (t.index && id in t.index && t.index[id] !== t.part) {
          waiting = true;
          showPart(t, t.index[id], reveal);
        }
        return;
      }
      var dt = t.dt;
      dt.search("").columns().search("");
      dt.draw(false);
      var position = dt.rows({ search: "applied", order: "applied" }).indexes().toArray().indexOf(t.ids[id]);
      var length = dt.page.len();
      if (position >= 0 && length > 0) { dt.page(Math.floor(position / length)).draw(false); }
    });
    if (waiting) { return; }
    var target = document.getElementById(id);
    if (target) { target.scrollIntoView(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
