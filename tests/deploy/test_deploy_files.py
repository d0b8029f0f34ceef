"""The files under deploy/ are read by tools this machine does not run (docker, systemd, Caddy):
each is parsed here and checked for what a practice's server depends on."""

import configparser
import json
import re
import shlex
from pathlib import Path

import yaml

from rvuedge.config import Settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PORT = "8000"


def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined, comments dropped."""
    lines, current = [], ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.lstrip().startswith("#") or not raw.strip():
            continue
        current += raw.rstrip()
        if current.endswith("\\"):
            current = current[:-1] + " "
            continue
        lines.append(current)
        current = ""
    assert not current, "a continuation line runs off the end"
    result = []
    for line in lines:
        instruction, _, args = line.strip().partition(" ")
        result.append((instruction.upper(), args.strip()))
    return result


def test_dockerfile_is_small_unprivileged_and_checks_its_health() -> None:
    steps = dockerfile_instructions(DEPLOY / "Dockerfile")
    stages = [args for name, args in steps if name == "FROM"]
    assert len(stages) == 2 and all("slim" in s for s in stages)  # build stage, then runtime
    final = steps[max(i for i, (name, _) in enumerate(steps) if name == "FROM") :]
    users = [args for name, args in final if name == "USER"]
    assert users and users[-1] not in ("root", "0")
    user_index = max(i for i, (name, _) in enumerate(final) if name == "USER")
    command_index = max(i for i, (name, _) in enumerate(final) if name == "CMD")
    assert user_index < command_index  # the server runs as that user
    assert ("EXPOSE", PORT) in final
    [health] = [args for name, args in final if name == "HEALTHCHECK"]
    assert "/api/v1/health" in health and f"127.0.0.1:{PORT}" in health
    json.loads(health[health.index("CMD") + 3 :])  # exec form
    command = json.loads(dict(final)["CMD"])
    assert command[:2] == ["rvuedge", "serve"] and "0.0.0.0" in command  # noqa: S104
    assert command[command.index("--port") + 1] == PORT
    for name, args in steps:
        if name == "COPY" and not args.startswith("--from"):
            source = args.split()[0]
            assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
    installed = " ".join(args for name, args in final if name == "RUN")
    assert "rvuedge[postgres]" in installed and "postgresql-client" in installed
    assert "--no-cache-dir" in installed
    env = " ".join(args for name, args in final if name == "ENV")
    assert "RVUEDGE_ENV=production" in env


def test_compose_runs_the_app_on_postgresql_with_a_volume() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services, volumes = compose["services"], compose["volumes"]
    assert set(services) == {"app", "db"}
    db, app = services["db"], services["app"]
    assert db["image"].startswith("postgres:")
    [data] = [v for v in db["volumes"] if v.endswith(":/var/lib/postgresql/data")]
    assert data.split(":")[0] in volumes  # a named volume, kept across rebuilds
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    context = (DEPLOY / app["build"]["context"]).resolve()
    assert context == ROOT and (context / app["build"]["dockerfile"]).is_file()
    assert app["ports"] == [f"127.0.0.1:{PORT}:{PORT}"]  # only the TLS proxy reaches it
    assert app["environment"]["RVUEDGE_ENV"] == "production"
    assert app["command"][:2] == ["rvuedge", "serve"]
    assert (DEPLOY / app["env_file"]).with_suffix(".env.example").is_file()
    for secret in compose["secrets"].values():
        assert secret["file"] in (DEPLOY / ".gitignore").read_text(encoding="utf-8")
    assert "rvuedge.env" in (DEPLOY / ".gitignore").read_text(encoding="utf-8").split()


def test_example_environment_names_only_real_settings() -> None:
    names = re.findall(
        r"^#? ?(RVUEDGE_[A-Z_]+)=",
        (DEPLOY / "rvuedge.env.example").read_text(encoding="utf-8"),
        re.M,
    )
    known = {f"RVUEDGE_{field}" for field in Settings.model_fields}
    assert len(names) >= 5 and set(names) <= known, set(names) - known
    for needed in ("RVUEDGE_SECRET_KEY", "RVUEDGE_DATABASE_URL", "RVUEDGE_OPERATOR_TOKEN"):
        assert needed in names


def test_systemd_unit_runs_the_server_unprivileged() -> None:
    unit = configparser.ConfigParser(strict=True, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    unit.read(DEPLOY / "rvuedge.service", encoding="utf-8")
    assert set(unit.sections()) == {"Unit", "Service", "Install"}
    service = unit["Service"]
    assert service["User"] not in ("root", "0")
    command = shlex.split(service["ExecStart"])
    assert command[0].startswith("/") and command[0].endswith("/bin/rvuedge")
    assert command[1] == "serve" and command[command.index("--port") + 1] == PORT
    assert command[command.index("--host") + 1] == "127.0.0.1"  # behind the proxy
    assert service["EnvironmentFile"].startswith("/etc/")
    assert service["Restart"] == "on-failure" and service["UMask"] == "0077"
    assert service["ReadWritePaths"] == service["WorkingDirectory"]
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def caddy_blocks(text: str) -> dict[str, list[str]]:
    """Top-level blocks of a Caddyfile: their label, and the directive lines inside them."""
    blocks: dict[str, list[str]] = {}
    depth, label = 0, ""
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip() if not raw.strip().startswith("#") else ""
        if not line:
            continue
        if depth == 0:
            assert line.endswith("{"), f"a top-level line outside a block: {line}"
            label = line[:-1].strip()
            blocks[label] = []
        else:
            blocks[label].append(line)
        depth += line.count("{") - line.count("}")
        assert depth >= 0, "a } without its {"
    assert depth == 0, "a { is never closed"
    return blocks


def test_caddy_terminates_tls_for_a_site_and_proxies_to_the_server() -> None:
    blocks = caddy_blocks((DEPLOY / "Caddyfile").read_text(encoding="utf-8"))
    [(site, lines)] = blocks.items()
    assert "." in site and ":" not in site  # a host name: Caddy gets it a certificate
    assert f"reverse_proxy 127.0.0.1:{PORT}" in lines
    assert any(line.startswith("header Strict-Transport-Security") for line in lines)
    assert "delete access_token" in lines  # tokens in query strings stay out of its log
    assert "respond @metrics 404" in lines
