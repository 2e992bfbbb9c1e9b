"""Running a corpus: assembling the stages, engines (local, processes, Dask), the cache, the runner, the benchmark."""
