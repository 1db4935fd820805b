"""`python -m bench` (make bench): run every benchmark (the webhook one needs the full stack)."""

import os

from bench import search_bench

if os.environ.get("BENCH_ONLY") != "webhooks":
    search_bench.main()
if os.environ.get("REDIS_URL") and os.environ.get("DATABASE_URL", "").startswith("postgres"):
    from bench import webhooks_bench

    webhooks_bench.main()
