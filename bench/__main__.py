"""`python -m bench` (make bench): the whole-portal benchmark (bench/harness.py), then, on the
full stack, the webhook benchmark (bench/webhooks_bench.py). BENCH_ONLY=harness or =webhooks
runs one of them.

`python -m bench.search_bench` still times the search selectors alone, without HTTP."""

import os
import sys

from bench import harness

only = os.environ.get("BENCH_ONLY", "")
status = 0
if only != "webhooks":
    status = harness.main()
if only != "harness" and (
    os.environ.get("REDIS_URL") and os.environ.get("DATABASE_URL", "").startswith("postgres")
):
    from bench import webhooks_bench

    webhooks_bench.main()
sys.exit(status)
