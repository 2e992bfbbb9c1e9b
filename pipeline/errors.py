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
    "E100": ("internal error in stage '{stage}': {reason}", "please report this file and message to the maintainers; the other documents were processed"),
}


class PipelineError(Exception):
    """An error about one input that the batch reports and survives."""

    def __init__(self, code: str, **fields):
        template, hint = MESSAGES[code]
        self.code = code
        self.message = template.format(**fields)
        self.hint = hint
        self.stage = "ingest"  # the stage that raised it; the runner overwrites it for analysis stages
        super().__init__(f"[{code}] {self.message}")
