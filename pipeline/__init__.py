"""Batch NLP for Russian and English papers on interregional and cross-border cooperation."""

__version__ = "0.1.0"
