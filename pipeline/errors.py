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
    "E100": ("internal error in stage '{stage}': {reason}", "please report this file and message to the maintainers; the other documents were processed"),
}


# Warnings: the document is analysed, and errors.csv says what to check (level = warning).
WARNINGS = {
    "W001": ("the same content as {other}", "both are analysed and counted; remove one copy if it is a duplicate"),
    "W002": ("{lines} of {total} lines are not UTF-8; read as {encoding}", "check those lines; save the file in one encoding, preferably UTF-8"),
    "W003": ("{n} run(s) of over {limit} characters without a space were cut to {limit}", "check the file: such runs are usually encoded data, not text"),
    "W004": ("no Russian or English text (languages: {langs})", "the text is kept and counted; entities, dates and formats are found only in Russian and English"),
}


WARNING_STAGE = {"W001": "ingest", "W002": "ingest", "W003": "ingest", "W004": "finalize"}  # errors.csv `stage`


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
