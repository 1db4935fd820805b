"""`python -m bench` (make bench): the whole-portal benchmark (bench/harness.py), then, on the
full stack, the webhook benchmark (bench/webhooks_bench.py). BENCH_ONLY=harness or =webhooks
runs one of them; BENCH_ONLY=dataset only prepares the data set.

`python -m bench.search_bench` still times the search selectors alone, without HTTP."""

import os
import subprocess
import sys

# The harness points this process's Django at its own data set; the webhook benchmark must
# start from the caller's settings to make its own database, so it runs in a fresh process
# with the environment as it was given.
caller_env = dict(os.environ)
only = os.environ.get("BENCH_ONLY", "")
status = 0
if only != "webhooks":
    from bench import harness

    status = harness.main()
if only not in ("harness", "dataset") and (
    caller_env.get("REDIS_URL") and caller_env.get("DATABASE_URL", "").startswith("postgres")
):
    status = (
        status
        or subprocess.run(
            [sys.executable, "-m", "bench.webhooks_bench"], env=caller_env, check=False
        ).returncode
    )
sys.exit(status)
