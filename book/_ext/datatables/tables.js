/* Briefing book: the article's tables become sortable, filterable DataTables (book/_ext/datatables.py).
   A table whose rows the build moved out of the page (data-briefing-rows) is filled from
   window.briefingRows[page], a page of rows at a time. A link to a row not drawn — on another page of
   the table, or hidden by the filter — clears the filter and turns to that row's page, so it lands. */
(function () {
  "use strict";
  var tables = [];   // {dt: DataTable, ids: {id: row index}}

  function pageRows() {
    var all = window.briefingRows || {};
    var keys = Object.keys(all);
    return keys.length ? all[keys[0]] : [];
  }

  // A column stored once per distinct cell (datatables.py: shared_cells) holds indices: put the cells back.
  function decode(source) {
    var columns = source.columns || [];
    return source.rows.map(function (row) {
      return row.map(function (cell, c) { return columns[c] ? columns[c][cell] : cell; });
    });
  }

  function init() {
    var lib = window.briefingDataTables;
    if (!lib) { return; }
    var DataTable = lib["default"];
    var data = pageRows();
    document.querySelectorAll("article table").forEach(function (table) {
      if (!table.tHead || !table.tBodies.length) { return; }
      var moved = table.getAttribute("data-briefing-rows");
      var source = moved === null ? null : data[Number(moved)];
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
      var ids = {};
      if (source) {
        var columns = table.tHead.rows[table.tHead.rows.length - 1].cells.length;
        options.data = decode(source);
        options.deferRender = true;
        options.columns = [];
        for (var c = 0; c < columns; c++) { options.columns.push({}); }
        source.ids.forEach(function (list, i) { list.forEach(function (id) { ids[id] = i; }); });
      } else {
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row, i) {
          row.querySelectorAll("[id]").forEach(function (e) { ids[e.id] = i; });
        });
      }
      tables.push({ dt: new DataTable(table, options), ids: ids });
    });
    window.addEventListener("hashchange", reveal);
    reveal();
  }

  // Every id a row of this page's tables holds, drawn or not (what a link to this page may name).
  window.briefingTableIds = function () {
    var out = [];
    tables.forEach(function (t) { out.push.apply(out, Object.keys(t.ids)); });
    return out;
  };

  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id || document.getElementById(id)) { return; }
    tables.forEach(function (t) {
      if (!(id in t.ids)) { return; }
      var dt = t.dt;
      dt.search("").columns().search("");
      dt.draw(false);
      var position = dt.rows({ search: "applied", order: "applied" }).indexes().toArray().indexOf(t.ids[id]);
      var length = dt.page.len();
      if (position >= 0 && length > 0) { dt.page(Math.floor(position / length)).draw(false); }
    });
    var target = document.getElementById(id);
    if (target) { target.scrollIntoView(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
