"""The production files: docker-compose.yml, the Dockerfile and the container health check.

Docker cannot run on the development machines, so the files are checked here, and the
processes they start (gunicorn, the Celery worker) run without containers in CI.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
PORTAL_SERVICES = ("web", "worker", "beat")
# Keys this project's compose file uses; anything else is most likely a typo that Docker
# would reject (or, for some keys, silently ignore).
KNOWN_SERVICE_KEYS = {
    "image",
    "build",
    "command",
    "env_file",
    "environment",
    "volumes",
    "depends_on",
    "restart",
    "ports",
    "healthcheck",
}
# Variables of the test run that must not reach a process started as production would be.
# (tests/browser/conftest.py sets DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rejects.)
SETTINGS_VARIABLES = {
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "ALLOWED_HOSTS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}
GOOD_KEY = "k7#Qz9!pWm2$Lx4@Rt6%Vb8^Nc1&Hd3*Jf5(Gs0)Ya-Ue=Io+Pl[Kj]Mn{Bv}"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dockerfile() -> str:
    return (BASE_DIR / "Dockerfile").read_text(encoding="utf-8")


def test_compose_defines_the_portal_and_its_services(compose):
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(compose["services"])
    for name, service in compose["services"].items():
        assert set(service) <= KNOWN_SERVICE_KEYS, name


def test_web_worker_and_beat_run_one_image_built_from_the_dockerfile(compose):
    services = [compose["services"][name] for name in PORTAL_SERVICES]

    assert {service["image"] for service in services} == {services[0]["image"]}
    for service in services:
        assert service["build"] == {"context": ".", "dockerfile": "Dockerfile"}
    assert (BASE_DIR / "Dockerfile").is_file()


def test_each_portal_process_runs_what_it_should(compose):
    web, worker, beat = (compose["services"][name]["command"] for name in PORTAL_SERVICES)

    assert web[:2] == ["gunicorn", "accsm_portal.wsgi:application"]
    assert "0.0.0.0:8000" in web
    assert worker[:4] == ["celery", "-A", "accsm_portal", "worker"]
    assert beat[:4] == ["celery", "-A", "accsm_portal", "beat"]


def test_portal_settings_come_from_the_environment(compose):
    for name in PORTAL_SERVICES:
        service = compose["services"][name]
        environment = service["environment"]
        assert service["env_file"] == ".env"
        assert environment["DJANGO_SETTINGS_MODULE"] == "accsm_portal.settings.base"
        assert re.fullmatch(r"postgres://.+@postgres:5432/.+", environment["DATABASE_URL"])
        assert environment["REDIS_URL"].startswith("redis://redis:6379/")
        # Secrets come from .env only: the compose file never carries a value for them.
        assert "SECRET_KEY" not in environment
        assert "${POSTGRES_PASSWORD:?" in environment["DATABASE_URL"]


def test_the_example_env_file_names_the_required_settings():
    example = (BASE_DIR / ".env.example").read_text(encoding="utf-8")
    variables = dict(re.findall(r"^([A-Z_]+)=(.*)$", example, re.MULTILINE))

    assert variables["SECRET_KEY"] == ""
    assert variables["POSTGRES_PASSWORD"] == ""
    assert variables["ALLOWED_HOSTS"]
    assert variables["BEHIND_TLS_PROXY"] == "true"


def test_postgres_15_with_a_utf8_locale_and_redis_7(compose):
    postgres = compose["services"]["postgres"]
    redis = compose["services"]["redis"]

    assert postgres["image"] == "postgres:15"
    assert "--encoding=UTF8" in postgres["environment"]["POSTGRES_INITDB_ARGS"]
    assert "--locale=C.UTF-8" in postgres["environment"]["POSTGRES_INITDB_ARGS"]
    assert redis["image"] == "redis:7"


def test_services_have_health_checks_and_the_web_waits_for_them(compose):
    services = compose["services"]

    assert services["web"]["healthcheck"]["test"][:3] == ["CMD", "python", "docker/healthcheck.py"]
    assert "pg_isready" in services["postgres"]["healthcheck"]["test"][1]
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert "inspect ping" in services["worker"]["healthcheck"]["test"][1]
    depends_on = services["web"]["depends_on"]
    assert depends_on["postgres"]["condition"] == "service_healthy"
    assert depends_on["redis"]["condition"] == "service_healthy"
    assert depends_on["migrate"]["condition"] == "service_completed_successfully"


def test_dockerfile_builds_a_slim_non_root_gunicorn_image(dockerfile):
    instructions = [
        line.strip()
        for line in re.sub(r"\\\n", " ", dockerfile).splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]

    assert instructions[0] == "FROM python:3.11-slim"
    run_steps = " ".join(line for line in instructions if line.startswith("RUN "))
    assert "apt-get install -y --no-install-recommends gettext" in run_steps
    assert "pip install -r requirements/base.txt" in run_steps
    assert "manage.py compilemessages" in run_steps
    assert "manage.py collectstatic --no-input" in run_steps
    # The build-time key lives only inside its RUN step, never in an ENV instruction.
    assert not [line for line in instructions if line.startswith("ENV") and "SECRET" in line]
    users = [line.split()[1] for line in instructions if line.startswith("USER ")]
    assert users
    assert users[-1] not in {"root", "0"}
    assert instructions[-1].startswith('CMD ["gunicorn", "accsm_portal.wsgi:application"')


def test_dockerignore_keeps_local_state_out_of_the_image():
    ignored = (BASE_DIR / ".dockerignore").read_text(encoding="utf-8").split()

    assert {".git", ".venv", ".env", "db.sqlite3", "media", "staticfiles"} <= set(ignored)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, log_path: Path) -> None:
    """Wait (up to about 30 s) until the process listens on the port."""
    for _attempt in range(120):
        if process.poll() is not None:
            break
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.25)
    pytest.fail(f"gunicorn did not listen on port {port}:\n{log_path.read_text()[-3000:]}")


def run_healthcheck(port: int, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "docker/healthcheck.py", str(port)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.fixture
def production_env(tmp_path) -> dict:
    """The environment of the web container, on a throwaway SQLite database."""
    inherited = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    return inherited | {
        "DJANGO_SETTINGS_MODULE": "accsm_portal.settings.base",
        "DEBUG": "false",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "portal.example.org,www.portal.example.org",
        "BEHIND_TLS_PROXY": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }


def test_the_web_health_check_passes_against_gunicorn(production_env, tmp_path):
    port = free_port()
    log_path = tmp_path / "gunicorn.log"
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "accsm_portal.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        "--workers=1",
    ]
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=production_env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        wait_for_port(port, process, log_path)
        result = run_healthcheck(port, production_env)
    finally:
        process.terminate()
        process.wait(timeout=30)

    assert result.returncode == 0, result.stderr + log_path.read_text()
    assert json.loads(result.stdout)["status"] == "ok"


def test_the_web_health_check_fails_when_nothing_answers(production_env):
    result = run_healthcheck(free_port(), production_env)

    assert result.returncode == 1
    assert result.stderr.startswith("unhealthy:")
