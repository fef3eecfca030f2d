"""How many articles get coded: the pieces behind `eventwire.batch`.

- `estimate`: a cheap count of the articles in the inputs, for progress and ETA
- `pool`: the local process pool that runs `code_batch` on every core
- `dataset`: the partitioned Parquet dataset a cluster run writes, and its load into DuckDB
- `cluster`: the Dask engine (partitions of inputs, a model per worker)
"""
