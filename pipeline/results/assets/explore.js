/* The corpus report's explorer: tables that search, sort, filter by facets and page; Vega charts whose clicks
   filter the tables; ready lines for corrections.yaml. Reads one JSON block (#report-data) the pipeline wrote;
   needs no network. Exposes window.explorer (tables, views) for the browser tests. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("report-data").textContent);
  var PAGE = 50;
  var tables = {}, views = {};
  window.explorer = {tables: tables, views: views, ready: false, errors: []};

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "cls") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function values(row, i, col) {  // the values of one cell a facet counts: a ;-list gives several
    var v = row[i];
    if (v === null || v === undefined || v === "") return ["(none)"];  // charts.NONE
    if (col.multi) return String(v).split(";").map(function (x) { return x.trim(); }).filter(Boolean);
    return [String(v)];
  }

  function fixCell(kind, record) { return window.pipelineFixes.box(kind, record); }

  // -------------------------------------------------------------------------------------------------- cells

  function cell(col, value, row, spec) {
    var td = el("td", {cls: col.kind === "num" ? "num" : col.kind || ""});
    if (value === null || value === undefined) value = "";
    if (col.kind === "doc" && value) {
      var doc = DATA.docs[value];
      if (doc) {
        var a = el("a", {href: doc.href + (col.anchor && row[spec.index[col.anchor]] ? "#s-" + row[spec.index[col.anchor]] : ""),
                         title: value + (doc.title ? " — " + doc.title : ""), text: doc.key});
        td.appendChild(a);
        if (col.full) td.appendChild(el("span", {cls: "docid", text: value}));
      } else td.textContent = value;
    } else if (col.kind === "badge") {
      td.appendChild(el("span", {cls: "badge " + value, text: value}));
    } else if (col.kind === "list") {
      td.textContent = String(value).split(";").filter(Boolean).join("; ");
    } else if (col.kind === "long") {
      var text = String(value);
      td.title = text;
      td.textContent = text.length > 160 ? text.slice(0, 159) + "…" : text;
    } else if (col.kind === "fix") {
      var record = {};
      spec.columns.forEach(function (c, i) { record[c.key] = row[i]; });
      td.appendChild(fixCell(col.fix, record));
    } else {
      td.textContent = col.kind === "num" && typeof value === "number" ? value.toLocaleString("en") : value;
      if (String(value).length > 60) td.classList.add("long");  // a long word (a trigger's regex) may break anywhere
    }
    return td;
  }

  // ------------------------------------------------------------------------------------------------- tables

  function Table(spec, host) {
    var self = this;
    this.spec = spec;
    spec.index = {};
    spec.columns.forEach(function (c, i) { spec.index[c.key] = i; });
    this.query = "";
    this.filters = {};
    this.sortKey = spec.sort ? spec.sort[0] : null;
    this.sortDir = spec.sort ? spec.sort[1] : 1;
    this.page = 0;
    this.lower = spec.rows.map(function (r) {
      return spec.columns.map(function (c, i) { return c.kind === "fix" ? "" : String(r[i] === null ? "" : r[i]); })
        .join("\u0001").toLowerCase();
    });

    var search = el("input", {type: "search", placeholder: "Search " + spec.noun + "…", "aria-label": "search " + spec.noun,
                              cls: "search"});
    search.addEventListener("input", function () { self.query = search.value.trim().toLowerCase(); self.page = 0; self.render(); });
    this.search = search;
    var bar = el("div", {cls: "toolbar"}, [search]);
    this.selects = {};
    (spec.facets || []).forEach(function (key) {
      var col = spec.columns[spec.index[key]];
      var select = el("select", {"aria-label": "filter by " + col.label, "data-facet": key});
      select.addEventListener("change", function () { self.setFilter(key, select.value); });
      self.selects[key] = select;
      bar.appendChild(el("label", {cls: "facet"}, [el("span", {text: col.label}), select]));
    });
    var reset = el("button", {type: "button", cls: "reset", text: "clear"});
    reset.addEventListener("click", function () { self.clear(); });
    bar.appendChild(reset);
    this.count = el("span", {cls: "count muted small"});
    bar.appendChild(this.count);

    var head = el("tr");
    this.shown = spec.columns.map(function (c, i) { return c.hidden ? -1 : i; }).filter(function (i) { return i >= 0; });
    this.ths = this.shown.map(function (i) {
      var c = spec.columns[i];
      var th = el("th", {cls: c.kind === "num" ? "num" : "", text: c.label, title: c.title || c.label});
      if (c.kind !== "fix") {
        th.setAttribute("data-sort", "");
        th.addEventListener("click", function () {
          self.sortDir = self.sortKey === c.key ? -self.sortDir : (c.kind === "num" ? -1 : 1);
          self.sortKey = c.key;
          self.page = 0;
          self.render();
        });
      }
      head.appendChild(th);
      return th;
    });
    this.tbody = el("tbody");
    var table = el("table", {cls: "data", "data-table": spec.id}, [el("thead", {}, [head]), this.tbody]);
    this.pager = el("div", {cls: "pager"});
    host.appendChild(bar);
    host.appendChild(el("div", {cls: "table-wrap"}, [table]));
    host.appendChild(this.pager);
    if (spec.note) host.appendChild(el("p", {cls: "muted small", text: spec.note}));
    this.render();
  }

  Table.prototype.setFilter = function (key, value) {  // any column, a facet's or not (a chart's click)
    if (!(key in this.spec.index)) return false;
    if (value === "" || value === null || value === undefined) delete this.filters[key];
    else this.filters[key] = String(value);
    this.page = 0;
    this.render();
    return true;
  };

  Table.prototype.clear = function () {
    this.filters = {};
    this.query = "";
    this.search.value = "";
    this.page = 0;
    this.render();
  };

  Table.prototype.matches = function (r, i, skip) {
    var spec = this.spec, self = this;
    if (this.query && this.lower[i].indexOf(this.query) < 0) return false;
    return Object.keys(this.filters).every(function (key) {
      if (key === skip) return true;
      var j = spec.index[key];
      return values(r, j, spec.columns[j]).indexOf(self.filters[key]) >= 0;
    });
  };

  Table.prototype.visible = function () {
    var self = this, spec = this.spec, rows = [];
    spec.rows.forEach(function (r, i) { if (self.matches(r, i)) rows.push(r); });
    if (this.sortKey !== null) {
      var j = spec.index[this.sortKey], dir = this.sortDir, num = spec.columns[j].kind === "num";
      rows.sort(function (a, b) {
        var x = a[j], y = b[j];
        if (x === "" || x === null) return 1;
        if (y === "" || y === null) return -1;
        return (num ? x - y : String(x).localeCompare(String(y))) * dir;
      });
    }
    return rows;
  };

  Table.prototype.facetCounts = function (key) {
    var self = this, spec = this.spec, j = spec.index[key], counts = {};
    spec.rows.forEach(function (r, i) {
      if (!self.matches(r, i, key)) return;
      values(r, j, spec.columns[j]).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
    });
    return counts;
  };

  Table.prototype.render = function () {
    var self = this, spec = this.spec;
    var rows = this.visible();
    this.rows = rows;
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    this.page = Math.min(this.page, pages - 1);
    this.tbody.textContent = "";
    rows.slice(this.page * PAGE, (this.page + 1) * PAGE).forEach(function (r) {
      var tr = el("tr");
      self.shown.forEach(function (i) { tr.appendChild(cell(spec.columns[i], r[i], r, spec)); });
      self.tbody.appendChild(tr);
    });
    this.ths.forEach(function (th, k) {
      th.dataset.dir = spec.columns[self.shown[k]].key === self.sortKey ? (self.sortDir > 0 ? "asc" : "desc") : "";
    });
    Object.keys(this.selects).forEach(function (key) {
      var select = self.selects[key], counts = self.facetCounts(key), chosen = self.filters[key] || "";
      var keys = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || a.localeCompare(b); });
      if (chosen && keys.indexOf(chosen) < 0) keys.unshift(chosen);
      select.textContent = "";
      select.appendChild(el("option", {value: "", text: "all"}));
      keys.slice(0, 400).forEach(function (k) {
        select.appendChild(el("option", {value: k, text: k + " (" + (counts[k] || 0) + ")"}));
      });
      select.value = chosen;
    });
    var shown = rows.length < spec.rows.length ? rows.length.toLocaleString("en") + " of " : "";
    var other = Object.keys(this.filters).filter(function (k) { return !(k in self.selects); }).map(function (k) {
      return spec.columns[spec.index[k]].label + " = " + self.filters[k];
    });
    this.count.textContent = shown + spec.rows.length.toLocaleString("en") + " " + spec.noun +
      (other.length ? " · " + other.join(", ") : "");
    this.pager.textContent = "";
    if (pages > 1) {
      var prev = el("button", {type: "button", text: "‹ previous"}), next = el("button", {type: "button", text: "next ›"});
      prev.disabled = this.page === 0;
      next.disabled = this.page >= pages - 1;
      prev.addEventListener("click", function () { self.page -= 1; self.render(); });
      next.addEventListener("click", function () { self.page += 1; self.render(); });
      this.pager.appendChild(prev);
      this.pager.appendChild(el("span", {cls: "muted small", text: "page " + (this.page + 1) + " of " + pages}));
      this.pager.appendChild(next);
    }
  };

  // ------------------------------------------------------------------------------------------------- charts

  function filterFromChart(meta, datum) {
    if (!meta || !datum) return;
    var table = tables[meta.table];
    if (!table) return;
    table.clear();
    Object.keys(meta.fields).forEach(function (field) {
      var v = datum[meta.fields[field]];
      if (v !== undefined && v !== null) table.setFilter(field, String(v));
    });
    var host = document.getElementById("t-" + meta.table);
    if (host && host.scrollIntoView) host.scrollIntoView({block: "start"});
  }

  function embedChart(host, name) {
    var spec = DATA.charts[name];
    var options = {renderer: "svg", actions: {export: true, source: false, compiled: false, editor: false},
                   tooltip: true, downloadFileName: name};
    return window.vegaEmbed(host, spec, options).then(function (result) {
      views[name] = result.view;
      var meta = (spec.usermeta || {}).filter;
      if (meta) {
        result.view.addEventListener("click", function (event, item) { filterFromChart(meta, item && item.datum); });
      }
    });
  }

  // -------------------------------------------------------------------------------------- the document list

  function documentList(box) {
    var input = box.querySelector("input"), items = box.querySelectorAll("li"), count = box.querySelector(".count");
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase(), n = 0;
      items.forEach(function (li) {
        var show = !q || li.textContent.toLowerCase().indexOf(q) >= 0;
        li.hidden = !show;
        if (show) n += 1;
      });
      count.textContent = n + " of " + items.length + " documents";
    });
  }

  window.addEventListener("error", function (ev) { window.explorer.errors.push(String(ev.message)); });
  document.querySelectorAll("[data-table-host]").forEach(function (host) {
    var spec = DATA.tables[host.dataset.tableHost];
    if (spec) tables[spec.id] = new Table(spec, host);
  });
  document.querySelectorAll("details.doclist").forEach(documentList);
  var charts = [];
  if (window.vegaEmbed) {
    document.querySelectorAll("[data-chart]").forEach(function (host) { charts.push(embedChart(host, host.dataset.chart)); });
  }
  Promise.all(charts).catch(function (err) { window.explorer.errors.push(String(err)); }).then(function () {
    window.explorer.ready = true;
    document.body.dataset.ready = "1";
  });
})();
