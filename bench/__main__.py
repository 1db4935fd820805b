"""`python -m bench` (make bench): run every benchmark."""

from bench import search_bench

search_bench.main()
