"""What a cluster's workers get from the client (batch/shipping.py): the models folder in use as one bundle named
by its content, installed once per machine, and switched to by a worker that analysed with other models before."""

import time

import pytest

from pipeline.batch import assemble, shipping
from pipeline.knowledge import resources


@pytest.fixture
def packaged(monkeypatch, tmp_path):
    """The packaged models in use, whatever PIPELINE_MODELS says; installs go to tmp_path."""
    monkeypatch.setattr(resources, "MODELS_DIR", resources.PACKAGED)
    monkeypatch.setattr(shipping.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    return resources.PACKAGED


def names(bundle):
    return dict(bundle.files)


def test_the_bundle_holds_every_model_file_by_content(packaged):
    bundle = shipping.models_bundle()
    files = names(bundle)
    assert {"codebook.yaml", "stopwords.yaml", "entities.yaml", "gazetteer/countries.csv"} <= set(files)
    assert files["codebook.yaml"] == (packaged / "codebook.yaml").read_bytes()
    assert shipping.models_bundle().sha256 == bundle.sha256  # the same content, the same name


def test_a_users_file_and_codebook_replace_the_packaged_ones(packaged, monkeypatch, tmp_path):
    user = tmp_path / "mymodels"
    user.mkdir()
    (user / "stopwords.yaml").write_text("version: 1\nru: [и]\n", encoding="utf-8")
    monkeypatch.setattr(resources, "MODELS_DIR", user)
    codebook = tmp_path / "book.yaml"
    codebook.write_bytes((packaged / "codebook.yaml").read_bytes() + b"\n# mine\n")
    bundle = shipping.models_bundle(codebook)
    files = names(bundle)
    assert files["stopwords.yaml"] == b"version: 1\nru: [\xd0\xb8]\n"
    assert files["codebook.yaml"].endswith(b"# mine\n")
    assert files["entities.yaml"] == (packaged / "entities.yaml").read_bytes()  # not in the user's folder
    monkeypatch.setattr(resources, "MODELS_DIR", packaged)
    assert bundle.sha256 != shipping.models_bundle().sha256


def test_install_writes_once_and_activate_switches_the_models(packaged, monkeypatch, tmp_path):
    user = tmp_path / "mymodels"
    user.mkdir()
    (user / "sections.yaml").write_bytes((packaged / "sections.yaml").read_bytes())
    monkeypatch.setattr(resources, "MODELS_DIR", user)
    bundle = shipping.models_bundle()
    monkeypatch.setattr(resources, "MODELS_DIR", packaged)
    root = shipping.install(bundle)
    assert (root / ".complete").exists() and (root / "gazetteer" / "cities.csv").exists()
    assert shipping.install(bundle) == root
    monkeypatch.setattr(shipping, "_active", {"sha256": None, "tasks": 0})
    monkeypatch.setenv("PIPELINE_MODELS", str(packaged))
    assemble._PROCESS["sentinel"] = object()
    try:
        shipping.activate(bundle)
        assert resources.MODELS_DIR == root and resources.model_path("codebook.yaml") == root / "codebook.yaml"
        assert "sentinel" not in assemble._PROCESS  # what was built from the other folder is gone
    finally:
        resources.use_models_dir(packaged)
        assemble.forget()


def test_a_switch_waits_for_the_tasks_of_the_other_bundle(monkeypatch):
    """Two clients' runs on one multi-threaded worker: the second bundle is switched to only when the first one's
    running task has finished."""
    import threading

    order = []
    monkeypatch.setattr(shipping, "_active", {"sha256": "a", "tasks": 0})
    monkeypatch.setattr(shipping, "install", lambda bundle: order.append(f"install {bundle.sha256}"))
    monkeypatch.setattr(resources, "use_models_dir", lambda root: None)
    monkeypatch.setattr(assemble, "forget", lambda: None)
    a, b = shipping.Bundle((), "a"), shipping.Bundle((), "b")
    inside, release = threading.Event(), threading.Event()

    def first():
        with shipping.using(a):
            order.append("a starts")
            inside.set()
            release.wait(10)
            order.append("a ends")

    def second():
        inside.wait(10)
        with shipping.using(b):
            order.append("b runs")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    inside.wait(10)
    time.sleep(0.2)
    release.set()
    for t in threads:
        t.join(10)
    assert order == ["a starts", "a ends", "install b", "b runs"]
