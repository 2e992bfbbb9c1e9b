"""What is computed from a finished run's tables: frequencies, keyness, KWIC, figures, the HTML and Markdown report, the data package."""
