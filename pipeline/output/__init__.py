"""What a run writes: CSV rows of a Document, streaming writers, and the output folder (ownership, lock, generations, atomic switch)."""
