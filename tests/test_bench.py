import json
import numbers

import pytest

RU = ("Губернатор Новосибирской области Андрей Травников встретился в Павлодаре с акимом области. "
      "Стороны обсудили приграничное сотрудничество России и Казахстана.\n\n"
      "Новый маршрут свяжет Омск и Павлодар в 2025 году.\n")
EN = ("The Altai Republic and the western provinces of Mongolia signed an agreement on cross-border trade. "
      "Officials from Gorno-Altaysk and Ulaangom met in Kosh-Agach.\n")


@pytest.mark.slow
def test_bench_quick(tmp_path):
    from pipeline.batch.bench import MEASUREMENTS, TARGETS, bench, format_table

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ru.txt").write_text(RU, encoding="utf-8")
    (corpus / "en.txt").write_text(EN, encoding="utf-8")
    out = tmp_path / "out"

    result = bench(corpus, out, quick=True)

    assert json.loads((out / "bench.json").read_text(encoding="utf-8")) == result
    assert result["machine"]["cpu_count"] and result["machine"]["python"]
    assert result["corpus"]["files"] == 2 and result["corpus"]["razdel_tokens"] > 0
    assert set(MEASUREMENTS) == {"speed", "workers", "peak_rss", "peak_rss_16x", "rerun", "codebook_share"}
    for key in MEASUREMENTS:
        m = result["measurements"][key]
        assert isinstance(m["value"], numbers.Real) and m["value"] > 0, key
        assert isinstance(m["pass"], bool) and m["note"], key
    speed = result["measurements"]["speed"]
    assert speed["pipeline_tokens_per_s"] > 0 and speed["natasha_tokens_per_s"] > 0
    assert speed["token_count"] == result["corpus"]["razdel_tokens"] and speed["token_count_source"]
    assert set(result["measurements"]["peak_rss"]["per_worker_kib"]) == {"1", "2"}
    assert result["measurements"]["workers"]["start_seconds_2_workers"] > 0
    assert result["measurements"]["peak_rss_16x"]["documents"] == 2 * result["measurements"]["peak_rss_16x"]["copies"]

    table = format_table(result)
    for key in MEASUREMENTS:
        what, target = TARGETS[key][:2]
        assert what in table and target in table
    book = result["measurements"]["codebook_share"]
    assert set(book["stage_seconds"]) == {"formats", "events"} and 0 < book["value"] < 1
    for target in ("≥ 1.0×", "≥ 1.8×", "≤ 600 MB", "≤ 1.2×", "≤ 5 %", "≤ 15 %"):
        assert target in table
    assert "CPUs" in table and "Python" in table
