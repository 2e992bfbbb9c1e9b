/* Lines for corrections.yaml, ready to copy: for an entity, an event (report.html's tables) and a mention (a
   document's page). One YAML flow mapping per line, in the format pipeline/knowledge/corrections.py reads. */
(function () {
  "use strict";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function scalar(v) {  // a YAML flow scalar: ids and words plain, numbers as numbers, anything else quoted
    if (typeof v === "number") return String(v);
    v = String(v === null || v === undefined ? "" : v);
    var plain = /^[\p{L}_][\p{L}\p{N}_\/.#-]*$/u.test(v) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(v);
    return plain ? v : JSON.stringify(v);
  }

  function mapping(pairs) {
    return "- {" + pairs.filter(function (p) { return p[1] !== undefined && p[1] !== ""; }).map(function (p) {
      return p[0] + ": " + (Array.isArray(p[1]) ? "[" + p[1].map(scalar).join(", ") + "]" : scalar(p[1]));
    }).join(", ") + "}";
  }

  var LINES = {
    entity: function (r) {
      return [
        ["drop this entity", mapping([["drop", r.entity_id]])],
        ["fix its name or type", mapping([["entity", r.entity_id], ["name", r.name], ["name_en", r.name_en], ["label", r.label]])],
        ["merge it into another id", mapping([["merge", r.entity_id], ["into", "OTHER/ID"]])],
        ["split one document's mentions off", mapping([["split", r.entity_id], ["doc", r.first_doc || "DOC_ID"],
                                                       ["into", r.entity_id + "-2"]])]
      ];
    },
    event: function (r) {
      var actors = r.actor_ids ? String(r.actor_ids).split(";").filter(Boolean) : [];
      return [
        ["reject this event", mapping([["reject", r.event_id]])],
        ["fix it", mapping([["event", r.event_id], ["category", r.category], ["date", r.date], ["actors", actors],
                            ["status", r.status]])],
        ["add a missed event in this sentence", mapping([["add", r.doc_id], ["sent", r.sent_id], ["category", r.category],
                                                         ["date", r.date], ["actors", actors], ["status", "occurred"]])]
      ];
    },
    mention: function (r) {
      return [
        ["drop this mention", mapping([["drop", r.entity_id], ["doc", r.doc_id], ["sent", r.sent_id], ["start", r.start]])],
        ["fix its normal form", mapping([["mention", r.doc_id], ["sent", r.sent_id], ["start", r.start], ["normal", r.normal]])],
        ["give this mention its own id", mapping([["split", r.entity_id], ["doc", r.doc_id], ["sent", r.sent_id],
                                                  ["start", r.start], ["into", r.entity_id + "-2"]])],
        ["merge the entity into another id", mapping([["merge", r.entity_id], ["into", "OTHER/ID"]])],
        ["drop the entity everywhere", mapping([["drop", r.entity_id]])]
      ];
    }
  };

  function fill(node, kind, record) {  // the lines, each with a copy button, into `node`
    LINES[kind](record).forEach(function (pair) {
      var copy = el("button", "copy", "copy");
      copy.type = "button";
      copy.title = "copy the line for corrections.yaml";
      copy.addEventListener("click", function () {
        if (navigator.clipboard) navigator.clipboard.writeText(pair[1]).catch(function () {});
        copy.textContent = "copied";
      });
      var line = el("div", "fixline");
      line.appendChild(el("span", "muted small", pair[0]));
      line.appendChild(el("code", "", pair[1]));
      line.appendChild(copy);
      node.appendChild(line);
    });
  }

  function box(kind, record) {  // a <details> that fills itself when opened
    var details = el("details", "fix");
    details.appendChild(el("summary", "", "correct"));
    details.addEventListener("toggle", function () {
      if (!details.open || details.dataset.filled) return;
      details.dataset.filled = "1";
      fill(details, kind, record);
    });
    return details;
  }

  window.pipelineFixes = {lines: LINES, fill: fill, box: box, scalar: scalar};
})();
