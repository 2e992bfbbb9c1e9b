"""The command line as a user meets it: help, progress, messages and exit codes."""

import csv
import subprocess
import sys

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

from .conftest import FACTRU, need


def commands(group=cli, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if hasattr(command, "commands"):
            yield from commands(command, (*prefix, name))


@pytest.mark.parametrize("path, command", list(commands()))
def test_every_command_has_help_with_examples(path, command):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert command.help and "Examples:" in result.output


def pipeline(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=cwd)


@pytest.mark.slow
def test_run_reports_bad_files_and_goes_on(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Губернатор Омской области Виталий Хоценко открыл форум в Омске.", encoding="utf-8")
    (corpus / "scan.pdf").write_bytes(b"%PDF-1.4 broken")
    (corpus / "notes.odt").write_bytes(b"PK")
    result = pipeline("run", str(corpus), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 2 and "Traceback" not in result.stderr
    assert any("scan.pdf" in line and "[E004]" in line for line in lines)
    assert "docs/s" in result.stderr or "doc/s" in result.stderr  # the progress bar
    with open(tmp_path / "out" / "data" / "errors.csv", encoding="utf-8") as f:
        errors = list(csv.DictReader(f))
    assert sorted(e["code"] for e in errors) == ["E001", "E004"] and all(e["hint"] for e in errors)
    with open(tmp_path / "out" / "data" / "documents.csv", encoding="utf-8") as f:
        docs = {d["doc_id"]: d for d in csv.DictReader(f)}
    assert docs["good"]["status"] == "ok" and docs["scan"]["status"] == "error"
    assert (tmp_path / "out" / "text" / "good.txt").read_text(encoding="utf-8").startswith("Губернатор")


@pytest.mark.slow
def test_quiet_run_all_good_exits_zero(tmp_path):
    (tmp_path / "a.txt").write_text("Омск и Павлодар подписали соглашение.", encoding="utf-8")
    result = pipeline("run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--quiet")
    assert result.returncode == 0
    assert "doc/s" not in result.stderr


def test_empty_corpus_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["run", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "no files" in result.output


@pytest.mark.slow
def test_eval_json(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(need(FACTRU).read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(gold), "--json", str(tmp_path / "s.json")])
    assert result.exit_code == 0 and "micro" in result.output
    assert '"micro"' in (tmp_path / "s.json").read_text()


@pytest.mark.slow
def test_eval_coreference(tmp_path):
    """A coreference layer is scored with B³ and ids per object; its texts come from factru-dev.jsonl beside it."""
    coref = need(FACTRU.with_name("factru-dev-coref.jsonl"))
    gold = tmp_path / "coref.jsonl"
    gold.write_text(coref.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(gold), "--texts", str(FACTRU), "--json", str(tmp_path / "s.json")])
    assert result.exit_code == 0, result.output
    assert "B³" in result.output and "ids per object" in result.output
    assert '"b3_f1"' in (tmp_path / "s.json").read_text()


def test_broken_models_file_is_one_clear_line(tmp_path):
    import os
    import shutil

    from .conftest import ROOT

    models = tmp_path / "models"
    shutil.copytree(ROOT / "pipeline" / "models", models)
    text = (models / "cleaning.yaml").read_text(encoding="utf-8")
    (models / "cleaning.yaml").write_text(text.replace("abbreviations:\n", "abbreviations: 7\nx:\n", 1), encoding="utf-8")
    (tmp_path / "a.txt").write_text("Омск.", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o")],
                            capture_output=True, text=True, env={**os.environ, "PIPELINE_MODELS": str(models)})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "cleaning.yaml:" in result.stderr and "'abbreviations'" in result.stderr


@pytest.mark.slow
def test_output_inside_corpus_is_not_read_back(tmp_path, stages):
    from pipeline.batch.runner import run

    (tmp_path / "a.txt").write_text("Омск и Павлодар подписали соглашение.", encoding="utf-8")
    run(tmp_path, tmp_path / "out", quiet=True, stages=stages)
    summary = run(tmp_path, tmp_path / "out", quiet=True, stages=stages)
    assert [i["doc_id"] for i in summary.inputs] == ["a"]


@pytest.mark.slow
def test_kazakh_paragraph_is_other_and_not_tagged(tmp_path, stages):
    from pipeline.batch.runner import run

    (tmp_path / "a.txt").write_text(
        "Омская область граничит с Павлодарской областью Казахстана.\n\n"
        "Омбы облысы Қазақстанның Павлодар облысымен шектеседі және ынтымақтастық дамып келеді.\n",
        encoding="utf-8")
    run(tmp_path, tmp_path / "out", quiet=True, stages=stages)
    with open(tmp_path / "out" / "data" / "sentences.csv", encoding="utf-8") as f:
        langs = [s["lang"] for s in csv.DictReader(f)]
    with open(tmp_path / "out" / "data" / "entities.csv", encoding="utf-8") as f:
        sents = {e["sent_id"] for e in csv.DictReader(f)}
    assert langs == ["ru", "other"] and sents == {"1"}


@pytest.mark.slow
def test_eval_scores_dates_when_gold_has_them(tmp_path):
    import json

    text = ("Установление официальных дипломатических отношений 22 октября 1992 года стало отправной точкой. "
            "В мае 2005 года открылось консульство.")
    gold = {"id": "a", "text": text, "entities": [], "dates": [
        {"start": text.index("22 октября"), "end": text.index(" стало"), "value": "1992-10-22"},
        {"start": text.index("мае 2005"), "end": text.index(" открылось"), "value": "2005-05"},
        {"start": text.index("консульство"), "end": len(text) - 1, "value": "2006"},  # no date there: a miss
    ]}
    (tmp_path / "g.jsonl").write_text(json.dumps(gold, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", str(tmp_path / "g.jsonl"), "--json", str(tmp_path / "s.json")])
    assert result.exit_code == 0 and "dates" in result.output
    scores = json.loads((tmp_path / "s.json").read_text())["dates"]
    assert scores["found"]["tp"] == 2 and scores["found"]["fn"] == 1 and scores["right"]["tp"] == 2
