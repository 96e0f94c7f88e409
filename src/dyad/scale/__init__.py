"""Scale-out: the per-document pipeline in Apache Spark partitions, records staged as Parquet per table, one
bulk import into DuckDB, then the corpus steps — the same tables as a local run."""
