"""`python -m bench` (make bench): the whole-portal benchmark (bench/harness.py).

`python -m bench.search_bench` still times the search selectors alone, without HTTP."""

import sys

from bench import harness

sys.exit(harness.main())
