"""`make bench` runs end to end on a small data set and writes its results (not timings: the
benchmark measures speed, tests never do)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_the_quick_benchmark_serves_drives_and_writes_valid_json(tmp_path):
    env = {
        **os.environ,
        "BENCH_QUICK": "1",
        "BENCH_RESULTS_DIR": str(tmp_path),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "bench"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    [path] = list(Path(tmp_path).glob("*-quick-*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["quick"] is True
    assert data["plain_req_per_s"] > 0
    requests = data["requests"]
    assert {"plain", "api_list", "api_all", "api_304", "api_deep", "portal_cached"} <= set(requests)
    assert requests["plain"]["statuses"] == {"200": requests["plain"]["requests"]}
    assert len([k for k in requests if k.startswith("search ")]) == 11
    assert data["sync"]["rows"] > 0
    assert all({"target", "figure", "met"} <= set(row) for row in data["targets"])
    assert data["worker_rss_mb"]
    assert "NOT MET" in result.stdout or " met" in result.stdout
    if os.environ.get("REDIS_URL") and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        # On the full stack the webhook benchmark follows, in its own database and process.
        assert "ratio on/off (medians)" in result.stdout
        assert "commit to delivery: p50" in result.stdout
