"""Coded, user-facing errors (spaCy's `errors.py` style): what went wrong, where, and what to do."""

from __future__ import annotations

MESSAGES = {
    "E001": ("unsupported file type '{ext}'", "convert it to PDF, DOCX, HTML, TXT or MD, or move it out of the corpus folder"),
    "E002": ("cannot read the file: {reason}", "check that the file exists and is readable"),
    "E003": ("cannot decode the text (tried {tried})", "save it as UTF-8, or as CP1251/KOI8-R/UTF-16 with a consistent encoding"),
    "E004": ("cannot open the PDF: {reason}", "check that the PDF opens in a viewer; remove its password if it is encrypted"),
    "E005": ("the PDF has no text layer (a scan?)", "run OCR on it first, e.g. `ocrmypdf --language rus+eng in.pdf out.pdf`"),
    "E006": ("cannot open the DOCX: {reason}", "open and re-save it in Word or LibreOffice; .doc files must be converted to .docx"),
    "E007": ("no text found in the document", "check the file has text; a PDF scan needs OCR, an HTML page may load its text with scripts"),
    "E008": ("the file looks binary, not text", "give it the right extension (.pdf, .docx) or remove it from the corpus"),
    "E009": ("the file is {size} MB, over the limit of {limit} MB", "split it, or raise the limit with --max-mb"),
    "E010": ("the DOCX would unpack to {size} MB (a damaged file or a zip bomb)", "open and re-save it in Word or LibreOffice; do not trust its source"),
    "E011": ("{reason}", "pass --follow-symlinks to read files and folders that links point to"),
    "E012": ("the analysis took longer than {limit} s", "split the document, or raise the limit with --timeout"),
    "E013": ("the analysis needed more than {limit} MB of memory", "split the document, or raise the limit with --max-memory"),
    "E015": ("the worker process analysing it died (killed by the system — out of memory?)", "run it alone with --workers 1 and a lower --max-memory to see the limit it hits, or split the document"),
    "E014": ("cannot read the HTML: {reason}", "open it in a browser and save it again, or save its text as .txt"),
    "E100": ("internal error in stage '{stage}': {reason}", "please report this file and message to the maintainers; the other documents were processed"),
}


# Warnings: the document is analysed, and errors.csv says what to check (level = warning).
WARNINGS = {
    "W001": ("the same content as {other}", "both are analysed and counted; remove one copy if it is a duplicate"),
    "W002": ("{lines} of {total} lines are not UTF-8; read as {encoding}", "check those lines; save the file in one encoding, preferably UTF-8"),
    "W003": ("{n} run(s) of over {limit} characters without a space were cut to {limit}", "check the file: such runs are usually encoded data, not text"),
    "W004": ("no Russian or English text (languages: {langs})", "the text is kept and counted; entities, dates and formats are found only in Russian and English"),
    "W005": ("{n} invalid byte sequence(s) in the {encoding} text replaced by U+FFFD", "the rest of the text is read as it is; check those places, or save the file again as UTF-8"),
    "W006": ("{n} control character(s) removed (NUL, bell, terminal escape codes)", "they are not text; check the file if it was meant to hold them"),
}


WARNING_STAGE = {"W001": "ingest", "W002": "ingest", "W003": "ingest", "W004": "finalize",
                 "W005": "ingest", "W006": "ingest"}  # errors.csv `stage`


def one_line(text: str, limit: int = 200) -> str:
    """`text` fit for one cell of errors.csv and one line on the terminal: a library's message may hold line
    breaks, control characters or undecodable bytes of a file name (surrogates, which UTF-8 cannot write)."""
    text = " ".join(text.split())
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def warning(code: str, **fields) -> tuple[str, str, str]:
    template, hint = WARNINGS[code]
    return code, template.format(**fields), hint


class PipelineError(Exception):
    """An error about one input that the batch reports and survives."""

    def __init__(self, code: str, **fields):
        template, hint = MESSAGES[code]
        self.code = code
        self.message = template.format(**fields)
        self.hint = hint
        self.stage = "ingest"  # the stage that raised it; the runner overwrites it for analysis stages
        super().__init__(f"[{code}] {self.message}")

    def __reduce__(self):
        """Rebuilt from its parts when it crosses to another process: `__init__` takes the template's fields,
        which are gone once the message is formatted."""
        return _rebuild, (self.code, self.message, self.hint, self.stage)


def _rebuild(code: str, message: str, hint: str, stage: str) -> PipelineError:
    err = PipelineError.__new__(PipelineError)
    Exception.__init__(err, f"[{code}] {message}")
    err.code, err.message, err.hint, err.stage = code, message, hint, stage
    return err
