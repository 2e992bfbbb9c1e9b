import json
import numbers

import pytest

RU = ("Губернатор Новосибирской области Андрей Травников встретился в Павлодаре с акимом области. "
      "Стороны обсудили приграничное сотрудничество России и Казахстана.\n\n"
      "Новый маршрут свяжет Омск и Павлодар в 2025 году.\n")
EN = ("The Altai Republic and the western provinces of Mongolia signed an agreement on cross-border trade. "
      "Officials from Gorno-Altaysk and Ulaangom met in Kosh-Agach.\n")
MEASURES = {"whole_run", "whole_run_2", "workers", "cluster", "shipping", "rerun", "rerun_one", "peak_rss", "startup_share",
            "analysis_share", "report_share", "exit_share", "analysis_alone", "codebook_share"}
TARGETS = ("≥ 1.3×", "≥ 1.8×", "≤ 5 %", "≤ 10 %", "≤ 600 MB", "≤ 20 %", "≤ 15 %")


@pytest.mark.slow
def test_bench_quick(tmp_path):
    """The structure of a quick run (whole processes on a 2-file corpus), not its speed."""
    from pipeline.batch.bench import MEASUREMENTS, bench
    from pipeline.batch.bench_table import format_table

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ru.txt").write_text(RU, encoding="utf-8")
    (corpus / "en.txt").write_text(EN, encoding="utf-8")
    out = tmp_path / "out"

    result = bench(corpus, out, quick=True)

    assert json.loads((out / "bench.json").read_text(encoding="utf-8")) == result
    assert result["machine"]["cpu_count"] and result["machine"]["python"] and result["repeat"] == 1
    assert (corpus / "ru.txt").read_text(encoding="utf-8") == RU  # the bench changes a copy, never the corpus
    [block] = result["corpora"]
    assert block["corpus"]["documents"] == 2 and block["corpus"]["tokens"] > 0
    assert set(MEASUREMENTS) == MEASURES == set(block["measurements"])
    for key, m in block["measurements"].items():
        assert isinstance(m["value"], numbers.Real) and (m["value"] >= 0 if key == "shipping" else m["value"] > 0), key
        assert m["what"] and m["note"] and m["target"], key
        assert isinstance(m["pass"], bool) if m["target_op"] else m["pass"] is None, key
    m = block["measurements"]
    assert m["whole_run"]["pipeline_seconds"] > 0 and m["whole_run"]["natasha_seconds"] > 0
    assert m["whole_run"]["token_count"] == block["corpus"]["tokens"]
    assert m["rerun_one"]["seconds"] > 0 and block["corpus"]["changed_file"].endswith(".txt")
    assert m["peak_rss"]["process"] in ("main", "worker") and m["peak_rss"]["natasha_mb"] > 0
    assert all(r["workers_mb"] > 0 for k, r in m["peak_rss"]["per_run"].items() if k.startswith("j2"))  # workers seen
    assert {"figures", "report"} <= set(m["report_share"]["steps"])
    shares = sum(m[k]["value"] for k in ("startup_share", "analysis_share", "report_share", "exit_share"))
    assert shares == pytest.approx(1, abs=0.01)
    assert set(block["runs"]) == {"natasha", "j1", "j2", "dask", "rerun", "rerun_one"}
    assert (m["shipping"]["documents_as_bytes"], m["shipping"]["documents_as_paths"]) == (2, 0)  # files went as bytes
    assert m["cluster"]["seconds"] > 0 and m["cluster"]["workers_peak_mb"] > 0

    table = format_table(result)
    for m in block["measurements"].values():
        assert m["what"] in table
    for target in TARGETS:
        assert target in table
    assert "CPUs" in table and "Python" in table


def test_build_corpus_makes_every_document_different(tmp_path):
    from pipeline.batch.bench_corpus import append_sentence, build_corpus

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(RU, encoding="utf-8")
    (src / "b.html").write_text("<html><body><p>Омск и Павлодар.</p></body></html>", encoding="utf-8")
    (src / "c.pdf").write_bytes(b"%PDF-1.4 not really")
    folder = build_corpus(sorted(src.iterdir()), 7, tmp_path / "corpus")
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    assert len(files) == 7 and len({p.read_bytes() for p in files}) == 7
    assert sum(p.suffix == ".pdf" for p in files) == 1  # a PDF cannot take a line: it appears once
    assert "Копия 1" in (folder / "copy001" / "src" / "b.html").read_text(encoding="utf-8").split("</body>")[0]
    changed = append_sentence(folder, "Ещё одно предложение.")
    assert changed.read_text(encoding="utf-8").endswith("Ещё одно предложение.\n")


def test_phases_from_progress_labels():
    from pipeline.batch.bench_run import phases, report_seconds

    labels = {"analysis": 1.0, "statistics: tokens": 5.0, "keyness": 6.0, "figures": 6.5, "report: corpus page": 8.0,
              "report.md": 9.0, "data package": 9.5, "done": 10.0}
    spent = phases(labels, 11.0)
    assert spent == {"start-up": 1.0, "analysis": 4.0, "statistics": 1.0, "keyness": 0.5, "figures": 1.5,
                     "report": 1.5, "data package": 0.5, "exit": 1.0}
    assert report_seconds(spent) == 5.0
