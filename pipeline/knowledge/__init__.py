"""User-editable knowledge (`pipeline/models/`, or a folder of the user's): line-numbered YAML loading, the codebook, the gazetteer."""
