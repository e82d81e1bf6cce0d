/* Briefing book: the article's tables become sortable, filterable DataTables (book/_ext/datatables.py).
   No paging: every row, and so every anchor the chapters link to, stays in the page. A link to a row
   the filter hides clears the filters first, so the link still lands. */
(function () {
  "use strict";
  var tables = [];

  function init() {
    var lib = window.briefingDataTables;
    if (!lib) { return; }
    var DataTable = lib["default"];
    document.querySelectorAll("article table").forEach(function (table) {
      if (!table.tHead || !table.tBodies.length) { return; }
      tables.push(new DataTable(table, {
        paging: false,
        order: [],
        autoWidth: false,
        info: true,
        language: {
          search: "Filter:",
          entries: { _: "rows", 1: "row" },
          info: "_TOTAL_ _ENTRIES-TOTAL_",
          infoEmpty: "no row",
          infoFiltered: "(of _MAX_)",
          zeroRecords: "No row matches the filter."
        }
      }));
    });
    window.addEventListener("hashchange", reveal);
    reveal();
  }

  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id || document.getElementById(id)) { return; }
    tables.forEach(function (dt) { dt.search("").draw(); });
    var target = document.getElementById(id);
    if (target) { target.scrollIntoView(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
