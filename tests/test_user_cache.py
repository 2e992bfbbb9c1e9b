"""core/user_cache.py: what processes share across runs ($XDG_CACHE_HOME/pipeline) — the Vega bundle here, the
gazetteer index in test_gazetteer.py — is written whole, read back the same, and made again when it is damaged."""

from pipeline.core import user_cache
from pipeline.results import explore


def test_written_whole_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert user_cache.folder() == tmp_path / "pipeline" and user_cache.read("x.bin") is None
    user_cache.write("x.bin", b"\x00data")
    assert user_cache.read("x.bin") == b"\x00data" and [p.name for p in user_cache.folder().iterdir()] == ["x.bin"]
    monkeypatch.setenv("XDG_CACHE_HOME", "/proc/no-such-place")
    user_cache.write("x.bin", b"data")  # unwritable: nothing kept, no error
    assert user_cache.read("x.bin") is None


def test_the_vega_bundle_is_made_once_and_again_when_damaged(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    explore.vega_bundle.cache_clear()
    first = explore.vega_bundle()
    [kept] = user_cache.folder().glob("vega-bundle-*.js")
    assert "vegaEmbed" in first and first.startswith("(function(){") and len(first) > 500_000
    made = []
    monkeypatch.setattr(explore.subprocess, "run", lambda *a, **k: made.append(a))  # the cache must answer
    explore.vega_bundle.cache_clear()
    assert explore.vega_bundle() == first and not made
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    kept.write_bytes(kept.read_bytes()[:-100])  # cut short: its sha256 line no longer matches
    explore.vega_bundle.cache_clear()
    assert explore.vega_bundle() == first
    explore.vega_bundle.cache_clear()
