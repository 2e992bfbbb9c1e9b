"""The public API of `import pipeline`: analyze a text, run a corpus, load a run's tables as DataFrames."""

from __future__ import annotations

import subprocess
import sys

import pytest

import pipeline

from .conftest import CORPORA, ROOT

pytestmark = pytest.mark.slow


def test_import_pipeline_loads_no_model():
    code = "import sys, pipeline; print(any(m.startswith(('natasha', 'spacy', 'pipeline.analysis')) for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout.strip() == "False"


@pytest.mark.parametrize("text, lang, expected", [
    ("Омская область и Казахстан подписали соглашение в 2024 году.", None, {"Омская область", "Казахстан"}),
    ("Omsk Region and Kazakhstan signed an agreement in 2024.", None, {"Kazakhstan"}),
])
def test_analyze_a_text(text, lang, expected):
    doc = pipeline.analyze(text, lang=lang)
    assert expected <= {m.normal for m in doc.entities}
    assert [d.value for d in doc.dates] == ["2024"]
    assert any(f.category == "agreement" for f in doc.formats)


def test_analyze_with_a_language_given():
    doc = pipeline.analyze("Омская область и Казахстан подписали соглашение.", lang="ru")
    assert {p.lang for p in doc.paragraphs} == {"ru"}


def test_run_and_load(tmp_path, stages):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("ru_altai_mongolia.txt", "en_central_asia_corridors.txt"):
        (corpus / name).write_bytes((CORPORA / name).read_bytes())
    pipeline.run(corpus, tmp_path / "out", quiet=True, stages=stages, report=True)
    tables = pipeline.load(tmp_path / "out")
    assert {"documents", "entities", "sentences", "events", "freq_lemmas"} <= set(tables)
    entities = tables["entities"]
    import pandas as pd

    assert str(entities["start"].dtype) == "Int64" and pd.api.types.is_string_dtype(entities["text"])
    sentences = tables["sentences"]
    text = (tmp_path / "out" / "text" / "ru_altai_mongolia.txt").read_text(encoding="utf-8")
    first = sentences[sentences.doc_id == "ru_altai_mongolia"].iloc[0]
    assert text[first.start:first.end] == first.text  # offsets into the text, the apostrophe removed
    assert len(tables["documents"]) == 2 and callable(pipeline.Workers)


def test_a_users_models_folder_is_used(tmp_path):
    import shutil

    models = shutil.copytree(ROOT / "pipeline" / "models", tmp_path / "my_models")
    result = subprocess.run([sys.executable, "-m", "pipeline", "run", str(CORPORA / "ru_altai_mongolia.txt"),
                             "--out", str(tmp_path / "out"), "--models", str(models), "-q", "--no-report"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert result.returncode == 0, result.stderr
    import json

    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["models_dir"] == str(models.resolve())
