"""Compare the pipeline's calendar dates with natasha's DatesExtractor on the factRuEval-2016 devset texts.

    .venv/bin/python scripts/compare_dates.py [../shared/eval/factru-dev.jsonl] [--show]

Both run on each record's `text` (ours through the stages up to Dates, its spans mapped back to the raw text).
A calendar date is every date but a duration. A span of one side is matched when a span of the other overlaps
it; natasha's matched spans over all of natasha's are its recall by ours, and the other way round. `--show`
lists what each side found that the other did not.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from natasha import DatesExtractor, MorphVocab

from pipeline.analysis.citations import Citations
from pipeline.analysis.clean import Cleaner
from pipeline.analysis.dates import Dates
from pipeline.analysis.nlp_ru import Morph
from pipeline.analysis.references import References
from pipeline.analysis.structure import Structure
from pipeline.core.schema import Document
from pipeline.core.stages import check_order

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "factru-dev.jsonl"


def overlaps(span, spans) -> bool:
    return any(s < span[1] and span[0] < e for s, e in spans)


def main(argv: list[str]) -> None:
    show = "--show" in argv
    path = Path(next((a for a in argv if not a.startswith("--")), DEFAULT))
    stages = [Cleaner(Morph()), Structure(), Citations(), References(), Dates()]
    check_order(stages)
    natasha = DatesExtractor(MorphVocab())
    c = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        raw = record["text"]
        doc = Document(doc_id=record["id"], source_path="", format="txt", raw=raw)
        for stage in stages:
            doc = stage(doc)
        dates = [d for d in doc.dates if d.start is not None]
        ours = [doc.raw_span(d.start, d.end) for d in dates if d.kind != "duration"]
        found = list(natasha(raw))
        theirs = [(m.start, m.stop) for m in found]
        with_year = [(m.start, m.stop) for m in found if m.fact.year]
        c["docs"] += 1
        c["ours"] += len(ours)
        c["inferred"] += sum(d.inferred != "" for d in dates if d.kind != "duration")
        c["durations"] += sum(d.kind == "duration" for d in dates)
        c["natasha"] += len(theirs)
        c["natasha_found_by_ours"] += sum(overlaps(s, ours) for s in theirs)
        c["natasha_with_year"] += len(with_year)
        c["natasha_with_year_found_by_ours"] += sum(overlaps(s, ours) for s in with_year)
        c["ours_found_by_natasha"] += sum(overlaps(s, theirs) for s in ours)
        if show:
            for side, spans, other in (("only natasha", theirs, ours), ("only ours", ours, theirs)):
                for s, e in spans:
                    if not overlaps((s, e), other):
                        print(f"{record['id']}\t{side}\t{raw[s:e]!r}\t…{raw[max(0, s - 40):e + 20]!r}")
    print(f"{c['docs']} texts; calendar dates: ours {c['ours']} ({c['inferred']} with an inferred year), "
          f"natasha {c['natasha']} ({c['natasha_with_year']} with a year); durations (ours, not counted): {c['durations']}")
    print(f"natasha's dates overlapped by ours: {c['natasha_found_by_ours']}/{c['natasha']} "
          f"({c['natasha_found_by_ours'] / max(c['natasha'], 1):.1%}); those with a year (calendar dates): "
          f"{c['natasha_with_year_found_by_ours']}/{c['natasha_with_year']} "
          f"({c['natasha_with_year_found_by_ours'] / max(c['natasha_with_year'], 1):.1%})")
    print(f"our dates overlapped by natasha's:  {c['ours_found_by_natasha']}/{c['ours']} "
          f"({c['ours_found_by_natasha'] / max(c['ours'], 1):.1%})")


if __name__ == "__main__":
    main(sys.argv[1:])
