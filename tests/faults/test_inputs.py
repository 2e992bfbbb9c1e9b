"""Issue 15: a batch survives any input file. Each row below is one kind of bad input, read with
`read_document` or listed with `discover` directly (no models); `test_issue_15_bad_inputs_through_run` puts
them all through `run` beside good documents."""

from __future__ import annotations

import csv
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import zlib
from functools import lru_cache
from pathlib import Path
from unittest import mock

import pytest

from pipeline.core.errors import PipelineError
from pipeline.ingest import readers as ingest
from pipeline.ingest.discovery import discover
from pipeline.ingest.docids import clean_name, display_path
from pipeline.ingest.readers import read_document

from ..conftest import CORPORA, rows
from .generate import (
    BILLION_LAUGHS,
    CP866_NAME,
    CP1251_NAME,
    DEEP_XML,
    LONG_NAME,
    RU,
    _docx,
    encrypted_member,
    flip_in_member,
    missing_page_pdf,
    unsupported_method,
    with_member,
)

ROOT = Path(__file__).resolve().parent.parent.parent


@lru_cache(maxsize=None)
def good_docx() -> bytes:
    return _docx(RU * 3)


def ten_kb_with_invalid_bytes() -> tuple[bytes, str]:
    """10 KB of UTF-8 on one line with 4 invalid bytes in the middle, and the text expected from it."""
    half = (RU.strip() + " ") * 25
    return half.encode() + b"\xff\xfe\xfa\xfb" + half.encode(), half + "\ufffd" * 4 + half


BOM_CP1251 = (b"\xef\xbb\xbf" + RU.encode() * 3 + RU.replace("Омская", "Томская").encode("cp1251") + RU.encode(),
              RU * 3 + RU.replace("Омская", "Томская") + RU)
CONTROLS = (("Омская\x00 область\x00 и\x07 " + RU + "\x1b[31mкрасный\x1b[0m\x0b" + RU).encode(),
            "Омская область и " + RU + "красный" + RU)

# name: (file name, bytes, code): each is refused with the format's code, in one line
REFUSED = {
    "docx_flipped_byte_zlib_error": ("a.docx", lambda: flip_in_member(good_docx(), at=0), "E006"),
    "docx_flipped_byte_bad_crc": ("a.docx", lambda: flip_in_member(good_docx(), at=19), "E006"),
    "docx_encrypted_entry": ("a.docx", lambda: encrypted_member(good_docx()), "E006"),
    "docx_aes_entry_not_implemented": ("a.docx", lambda: unsupported_method(good_docx()), "E006"),
    "docx_billion_laughs": ("a.docx", lambda: with_member(good_docx(), BILLION_LAUGHS), "E006"),
    "docx_deeply_nested_xml": ("a.docx", lambda: with_member(good_docx(), DEEP_XML), "E006"),
    "docx_malformed_xml": ("a.docx", lambda: with_member(good_docx(), b"<w:document><w:body><w:p>"), "E006"),
    "docx_no_document_xml": ("a.docx", lambda: with_member(good_docx(), b"", name="[Content_Types].xml"), "E006"),
    "pdf_missing_page": ("a.pdf", lambda: missing_page_pdf("Cross-border cooperation of Omsk Region. " * 20), "E004"),
    "txt_many_nuls_is_binary": ("a.txt", lambda: RU.encode() + b"\x00" * 50 + RU.encode(), "E008"),
    "txt_random_bytes_is_binary": ("a.txt", lambda: bytes(range(256)) * 8, "E008"),
}

# name: (file name, bytes, expected text, warning codes): read, the good text kept, a warning that says what
READ = {
    "utf8_with_4_invalid_bytes": ("a.txt", lambda: ten_kb_with_invalid_bytes()[0], ten_kb_with_invalid_bytes()[1], ["W005"]),
    "utf8_bom_with_cp1251_line": ("a.txt", lambda: BOM_CP1251[0], BOM_CP1251[1], ["W002"]),
    "control_characters": ("a.txt", lambda: CONTROLS[0], CONTROLS[1], ["W006"]),
    "utf16_cut_short": ("a.txt", lambda: (RU * 3).encode("utf-16")[:-1], (RU * 3)[:-1] + "\ufffd", ["W005"]),
    "utf16le_no_bom_cut_short": ("a.txt", lambda: (RU * 3).encode("utf-16-le")[:-1], (RU * 3)[:-1] + "\ufffd", ["W005"]),
}


@pytest.mark.parametrize("name", REFUSED)
def test_issue_15_refused_in_one_line(tmp_path, name):
    file_name, make, code = REFUSED[name]
    (tmp_path / file_name).write_bytes(make())
    with pytest.raises(PipelineError) as e:
        read_document("a", tmp_path / file_name)
    err = e.value
    assert err.code == code, err
    assert "\n" not in err.message and "Traceback" not in err.message and len(err.message) < 300
    assert err.__context__ is None and err.__cause__ is None  # no library exception kept
    assert pickle.loads(pickle.dumps(err)).message == err.message


@pytest.mark.parametrize("name", READ)
def test_issue_15_read_with_a_warning(tmp_path, name):
    file_name, make, text, codes = READ[name]
    (tmp_path / file_name).write_bytes(make())
    doc = read_document("a", tmp_path / file_name)
    assert doc.raw == text
    assert [w[0] for w in doc.warnings] == codes


def test_issue_15_warnings_count_what_they_say(tmp_path):
    (tmp_path / "bad.txt").write_bytes(ten_kb_with_invalid_bytes()[0])
    (tmp_path / "ctrl.txt").write_bytes(CONTROLS[0])
    assert read_document("a", tmp_path / "bad.txt").warnings[0][1].startswith("4 invalid byte")
    assert read_document("a", tmp_path / "ctrl.txt").warnings[0][1].startswith("6 control character")
    assert read_document("a", tmp_path / "bad.txt").encoding == "utf-8"
    (tmp_path / "bom.txt").write_bytes(BOM_CP1251[0])
    assert read_document("a", tmp_path / "bom.txt").encoding == "utf-8-sig+cp1251"


def _xml_syntax_error() -> Exception:
    from lxml import etree

    try:
        etree.fromstring(b"<a><b></a>")
    except etree.XMLSyntaxError as e:
        return e


def _pdfium_error() -> Exception:
    import pypdfium2 as pdfium

    return pdfium.PdfiumError("Failed to load page.")


RAISED = {  # what a reader raised on some damaged file → the code per format
    "zlib_error": lambda: zlib.error("Error -3 while decompressing data: invalid stored block lengths"),
    "not_implemented": lambda: NotImplementedError("That compression method is not supported"),
    "runtime_error": lambda: RuntimeError("File 'word/document.xml' is encrypted,\npassword required"),
    "recursion_error": lambda: RecursionError("maximum recursion depth exceeded"),
    "key_error": lambda: KeyError("word/document.xml"),
    "unicode_decode_error": lambda: UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"),
    "xml_syntax_error": _xml_syntax_error,
    "pdfium_error": _pdfium_error,
    "long_multiline_message": lambda: ValueError("line\n" * 500),
}


@pytest.mark.parametrize("suffix, code", [(".pdf", "E004"), (".docx", "E006"), (".txt", "E003"), (".md", "E003"),
                                          (".html", "E014"), (".htm", "E014")])
@pytest.mark.parametrize("raised", RAISED)
def test_issue_15_any_reader_exception_is_the_formats_code(tmp_path, monkeypatch, suffix, code, raised):
    exc = RAISED[raised]()

    def reader(doc, data):
        raise exc

    monkeypatch.setitem(ingest.READERS, suffix, reader)
    (tmp_path / f"a{suffix}").write_bytes(b"x")
    with pytest.raises(PipelineError) as e:
        read_document("a", tmp_path / f"a{suffix}")
    err = e.value
    assert err.code == code
    assert type(exc).__name__ in err.message and "\n" not in err.message and len(err.message) < 300
    assert err.__context__ is None and err.__cause__ is None
    assert pickle.loads(pickle.dumps(err)).message == err.message  # lxml's error log would not pickle


def test_issue_15_memory_error_is_left_to_the_runner(tmp_path, monkeypatch):
    def reader(doc, data):
        raise MemoryError

    monkeypatch.setitem(ingest.READERS, ".txt", reader)
    (tmp_path / "a.txt").write_bytes(b"x")
    with pytest.raises(MemoryError):
        read_document("a", tmp_path / "a.txt")


# ---------------------------------------------------------------- names → doc_ids

@pytest.mark.parametrize("raw, doc_id", [
    ("Статья.txt".encode("cp1251"), "Статья"),
    ("Доклад.txt".encode("cp866"), "Доклад"),
    ("Статья.txt".encode("utf-8"), "Статья"),
    (b"\xb0\xb1 deg.txt", "%B0%B1 deg"),  # neither CP1251 nor CP866 gives letters
    (b"line\nbreak.txt", "line%0Abreak"),
    (b"tab\there.txt", "tab%09here"),
    ("rtl\u202etxt.exe.txt".encode(), "rtl%E2%80%AEtxt.exe"),
], ids=["cp1251_name", "cp866_name", "utf8_name", "undecodable_name", "newline_in_name", "tab_in_name",
        "rtl_override_in_name"])
def test_issue_15_names_become_printable_ids(tmp_path, raw, doc_id):
    (tmp_path / os.fsdecode(raw)).write_text(RU, encoding="utf-8")
    [found] = discover(tmp_path)
    assert found[0] == doc_id
    assert found[0].isprintable() and found[0].encode("utf-8")
    assert read_document(found[0], found[1]).source_path.encode("utf-8")  # shown without surrogates


def test_issue_15_display_path():
    assert display_path(Path("/c") / CP1251_NAME) == "/c/\\xd1\\xf2\\xe0\\xf2\\xfc\\xff.txt"
    assert display_path("/c/line\nbreak.txt") == "/c/line\\nbreak.txt"
    assert display_path("/c/Статья.txt") == "/c/Статья.txt"


NAMES = ["a.txt", "a.md", "a.txt.txt", "A.txt", "b.txt", "sub/c.txt", "sub/C.md"]


def test_issue_15_ids_unique_across_extensions_and_case(tmp_path):
    for name in NAMES:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(name, encoding="utf-8")
    ids = {found[1].relative_to(tmp_path).as_posix(): found[0] for found in discover(tmp_path)}
    assert len({i.casefold() for i in ids.values()}) == len(NAMES)
    assert ids["a.md"] == "a.md" and ids["b.txt"] == "b"  # the rule holds where it gives unique ids
    assert ids["a.txt"].startswith("a.txt~") and ids["A.txt"].startswith("A.txt~") and ids["a.txt.txt"].startswith("a.txt~")
    assert ids["sub/c.txt"] == "sub/c.txt" and ids["sub/C.md"] == "sub/C.md"
    again = tmp_path.parent / "again"  # the same corpus, written in another order
    for name in reversed(NAMES):
        (again / name).parent.mkdir(parents=True, exist_ok=True)
        (again / name).write_text(name, encoding="utf-8")
    assert {f[1].relative_to(again).as_posix(): f[0] for f in discover(again)} == ids


def test_issue_15_long_names_fit_the_file_system(tmp_path):
    folder = "п" * 127  # 254 bytes: a legal folder name
    for name in [LONG_NAME, LONG_NAME.replace(".txt", ".md"), f"{folder}/{LONG_NAME}"]:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(RU, encoding="utf-8")
    ids = [f[0] for f in discover(tmp_path)]
    assert len(set(ids)) == 3
    out = tmp_path.parent / "out"
    for doc_id in ids:
        assert all(len(part.encode()) <= 255 - len(".txt") for part in doc_id.split("/"))
        (out / f"{doc_id}.txt").parent.mkdir(parents=True, exist_ok=True)
        (out / f"{doc_id}.txt").write_text("x", encoding="utf-8")  # no ENAMETOOLONG


def test_issue_15_ids_stay_inside_the_output(tmp_path):
    for raw in [b"x..txt", b"..txt.d/x.txt", b"%2E%2E.txt", b"a\\b.txt"]:
        (tmp_path / os.fsdecode(raw)).parent.mkdir(exist_ok=True)
        (tmp_path / os.fsdecode(raw)).write_bytes(RU.encode())
    ids = [doc_id for doc_id, _ in discover(tmp_path)]
    assert ids == ["%2E%2E", "a\\b", "x."]  # a hidden folder is passed over
    assert clean_name("..") == "%2E%2E" and clean_name(".") == "%2E"
    assert all(not i.startswith("/") and ".." not in i.split("/") for i in ids)


# ---------------------------------------------------------------- discovery faults

@pytest.mark.parametrize("follow", [False, True], ids=["links_not_followed", "links_followed"])
def test_issue_15_symlink_pair_loop(tmp_path, follow):
    os.symlink("b.txt", tmp_path / "a.txt")
    os.symlink("a.txt", tmp_path / "b.txt")
    (tmp_path / "ok.txt").write_text(RU, encoding="utf-8")
    found = {f[0]: f.problem for f in discover(tmp_path, follow_symlinks=follow)}
    assert found["ok"] is None
    assert found["a"].code == found["b"].code == "E011" and "loop" in found["a"].message


def locked_folder(name: str):
    """os.scandir refuses folders called `name`, as it does a folder the user may not read (tests run as root,
    who may read anything)."""
    scandir = os.scandir

    def locked(path="."):
        if os.fspath(path).endswith(name):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    return mock.patch("os.scandir", locked)


def test_issue_15_unreadable_subfolder_is_a_row(tmp_path):
    (tmp_path / "secret" / "deeper").mkdir(parents=True)
    (tmp_path / "secret" / "x.txt").write_text(RU, encoding="utf-8")
    (tmp_path / "ok.txt").write_text(RU, encoding="utf-8")
    with locked_folder("secret"):
        found = {f[0]: f.problem for f in discover(tmp_path)}
    assert found["ok"] is None
    assert found["secret"].code == "E002" and "Permission denied" in found["secret"].message
    assert set(found) == {"ok", "secret"}


LIST_AS_NOBODY = """
import os, sys
sys.path.insert(0, sys.argv[2])
from pipeline.ingest.discovery import discover  # imported as root: the interpreter's own files may be root's only
try:
    os.setgid(65534)
    os.setuid(65534)
except OSError:
    sys.exit(3)
for f in discover(sys.argv[1]):
    print(f[0], f.problem.code if f.problem else "ok")
"""


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="drops from root to nobody")
def test_issue_15_unreadable_subfolder_as_another_user():
    with tempfile.TemporaryDirectory() as top:
        corpus = Path(top) / "corpus"
        (corpus / "secret").mkdir(parents=True)
        (corpus / "secret" / "x.txt").write_text(RU, encoding="utf-8")
        (corpus / "ok.txt").write_text(RU, encoding="utf-8")
        for path in (Path(top), corpus, corpus / "ok.txt"):
            path.chmod(0o755)
        (corpus / "secret").chmod(0)
        done = subprocess.run([sys.executable, "-c", LIST_AS_NOBODY, str(corpus), str(ROOT)],
                              capture_output=True, text=True, timeout=60)
        (corpus / "secret").chmod(0o755)
    if done.returncode == 3:
        pytest.skip("this machine does not let root become nobody")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["ok ok", "secret E002"]


# ---------------------------------------------------------------- all of them through `run`

GOOD = ["ru_altai_mongolia.txt", "en_central_asia_corridors.txt"]


def _bad_corpus(corpus: Path) -> dict[str, tuple[list[str], str | None]]:
    """Every bad input above beside two good documents: {shown relative path: (codes of its rows, a word
    its text holds, or None if it is not read)}."""
    expected = {}
    for name, (file_name, make, code) in REFUSED.items():
        (corpus / f"{name}{Path(file_name).suffix}").write_bytes(make())
        expected[f"{name}{Path(file_name).suffix}"] = ([code], None)
    for name, (file_name, make, text, codes) in READ.items():
        (corpus / f"{name}.txt").write_bytes(make())
        expected[f"{name}.txt"] = (codes, "область")
    for i, name in enumerate(["a.txt", "a.md", "a.txt.txt", "A.txt", LONG_NAME, "line\nbreak.txt"]):
        word = f"Маркер{'абвгдеж'[i]}"  # the document's own text, to find in its text/<doc_id>.txt
        (corpus / name).write_text(f"{word} {RU}", encoding="utf-8")
        expected[display_path(name)] = ([], word)
    os.symlink("loop_b.txt", corpus / "loop_a.txt")
    os.symlink("loop_a.txt", corpus / "loop_b.txt")
    expected |= {"loop_a.txt": (["E011"], None), "loop_b.txt": (["E011"], None)}
    (corpus / "secret").mkdir()
    (corpus / "secret" / "x.txt").write_text(RU, encoding="utf-8")
    expected["secret"] = (["E002"], None)
    for name in GOOD:
        shutil.copy(CORPORA / name, corpus / name)
        words = CORPORA.joinpath(name).read_text(encoding="utf-8").split()
        expected[name] = ([], max(words[len(words) // 2:][:50], key=len).strip(".,;:()«»\"'"))
    return expected


def _run_locked(corpus: Path, out: Path, stages):
    from pipeline.batch.runner import run

    with locked_folder("secret"):
        return run(corpus, out, quiet=True, stages=stages)


@pytest.mark.slow
def test_issue_15_bad_inputs_through_run(tmp_path, stages):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    expected = _bad_corpus(corpus)
    summary = _run_locked(corpus, out, stages)  # completes
    assert summary.documents == len(expected)
    for name in ("documents", "errors"):  # UTF-8 all through
        with open(out / "data" / f"{name}.csv", encoding="utf-8", newline="") as f:
            assert list(csv.DictReader(f))
    docs = {Path(r["source_path"]).relative_to(corpus).as_posix(): r for r in rows(out, "documents")}
    errors: dict[str, list[str]] = {}
    for r in rows(out, "errors"):
        errors.setdefault(Path(r["source_path"]).relative_to(corpus).as_posix(), []).append(r["code"])
        assert "\n" not in r["message"] and "Traceback" not in r["message"]
    assert set(docs) == set(expected)
    for name, (codes, word) in expected.items():
        assert errors.get(name, []) == codes, name
        assert docs[name]["status"] == ("ok" if word else "error"), name
        if word:
            text = (out / "text" / f"{docs[name]['doc_id']}.txt").read_text(encoding="utf-8")
            assert word in text, name
    assert len({r["doc_id"].casefold() for r in docs.values()}) == len(docs)


@pytest.mark.slow
def test_issue_15_undecodable_file_names_through_run(tmp_path, stages):
    from pipeline.batch.runner import run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, name in enumerate([CP1251_NAME, CP866_NAME, os.fsdecode(b"\xb0\xb1 deg.txt")]):
        (corpus / name).write_text(f"Маркер{'абв'[i]} " + RU, encoding="utf-8")
    (corpus / os.fsdecode(b"\xb0\xb2 control.txt")).write_bytes(CONTROLS[0])  # a warning row for it
    run(corpus, tmp_path / "out", quiet=True, stages=stages)
    docs = rows(tmp_path / "out", "documents")
    assert sorted(r["doc_id"] for r in docs) == ["%B0%B1 deg", "%B0%B2 control", "Доклад", "Статья"]
    assert {r["source_path"] for r in docs} == {display_path(path) for path in corpus.iterdir()}
    assert [r["code"] for r in rows(tmp_path / "out", "errors")] == ["W006"]
