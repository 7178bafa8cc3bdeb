"""`make bench SCALE=hub`: the hub-scale bench (2,000,000 models over 200,000 namespaces).

Each size and database is loaded once with SQL (COPY on PostgreSQL; executemany in large
transactions on SQLite), into a database of its own that is kept for the next run
(`modelhub_scale_bench_<size>` on PostgreSQL, `/tmp/modelhub_scale_bench_<size>.sqlite3`);
each is measured in a process of its own (`python -m tests.bench.hub.measure`), and the
report compares the sizes.
"""
