"""Helpers for the deployment files: the env example, unit files, compose and deploy/stack.py."""

import importlib.util
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def read_env_file(path: Path) -> dict[str, str]:
    """The KEY=value lines of an env file (comments and blanks skipped)."""
    pairs = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


def read_unit(name: str) -> dict[str, list[str]]:
    """A systemd unit as {"Section.Key": [values]} (keys may repeat)."""
    unit: dict[str, list[str]] = {}
    section = ""
    for line in (DEPLOY / "systemd" / name).read_text().splitlines():
        if match := re.fullmatch(r"\[(\w+)\]", line.strip()):
            section = match[1]
        elif "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            unit.setdefault(f"{section}.{key.strip()}", []).append(value.strip())
    return unit


@pytest.fixture(scope="session")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


@pytest.fixture(scope="session")
def stack():
    """deploy/stack.py as a module (deploy/ is not a package)."""
    spec = importlib.util.spec_from_file_location("deploy_stack", DEPLOY / "stack.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
