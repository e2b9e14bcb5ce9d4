"""requirements.lock pins every dependency, and the tests run on the versions it pins."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from packaging.markers import Marker
from packaging.requirements import Requirement

from conftest import REPO


def locked() -> dict[str, tuple[str, str]]:
    """Package name -> (version, environment marker) of each pin that applies here."""
    pins = {}
    for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if not line or line[0] in "# ":
            continue
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate():
            (version,) = [spec.version for spec in requirement.specifier]
            pins[canonical(requirement.name)] = (version, str(requirement.marker or ""))
    return pins


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(text) for text in project["dependencies"] + project["optional-dependencies"]["test"]]


def test_every_declared_dependency_is_pinned_within_its_range():
    pins = locked()
    for requirement in declared():
        if requirement.marker is not None and not Marker(str(requirement.marker)).evaluate():
            continue
        name = canonical(requirement.name)
        assert name in pins, f"{requirement.name} is not in requirements.lock: regenerate it (its first lines)"
        assert requirement.specifier.contains(pins[name][0], prereleases=True), (requirement, pins[name])


def test_the_installed_versions_are_the_locked_ones():
    different = {}
    for name, (version, _) in locked().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            different[name] = (version, "not installed")
            continue
        if installed != version:
            different[name] = (version, installed)
    assert different == {}, "install with `python3 -m pip install -c requirements.lock -e '.[test]'`"
