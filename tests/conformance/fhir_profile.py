"""A FHIR R4 profile validator driven by StructureDefinitions, for what ``ins`` writes.

It reads the rules from the vendored FR Core 2.2.0 resources (``fr-core/``), not from our code:
cardinalities, slices (value discriminators), fixed and pattern values, bindings (required and
extensible, expanded from the vendored value sets and code systems), the profiles of datatypes
and extensions, and every FHIRPath invariant, evaluated with ``fhirpathpy``. The structure of
the resource (element names, datatypes, primitive formats) is checked by ``fhir.resources``
(R4B models, the closest release to R4 it ships).

Limits, said rather than hidden: ``fhirpathpy`` has no ``hasValue()``, so ``ele-1`` ("every
element has a value or children") is checked here in Python; bindings to value sets that are
not vendored (ANS terminologies, FHIR core value sets other than those whose codes
``fhir.resources`` carries) and profiles that are not vendored are reported in ``unchecked``
rather than passed silently.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fhirpathpy import evaluate
from fhirpathpy.models import models

from .fhir_terminology import Terminology

FR_CORE = Path(__file__).resolve().parent / "fr-core"
_R4 = models["r4"]
_ABSOLUTE = re.compile(r"^(https?://|urn:)")


@dataclass(frozen=True)
class Problem:
    """One rule the instance breaks: where, which rule, and a sentence."""

    path: str
    rule: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.severity} {self.rule} at {self.path}: {self.message}"


def _unversioned(url: str) -> str:
    return url.split("|", 1)[0]


def _matches(value: Any, pattern: Any) -> bool:
    """FHIR pattern matching: every part of ``pattern`` is in ``value``."""
    if isinstance(pattern, dict):
        return isinstance(value, dict) and all(
            key in value and _matches(value[key], part) for key, part in pattern.items()
        )
    if isinstance(pattern, list):
        return isinstance(value, list) and all(
            any(_matches(item, part) for item in value) for part in pattern
        )
    return bool(value == pattern)


def _empty_elements(value: Any, path: str) -> Iterator[str]:
    """Paths that break ele-1: an element with neither a value nor children."""
    if value is None or value in ("", [], {}):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _empty_elements(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _empty_elements(item, f"{path}[{index}]")


@dataclass
class _Run:
    root: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)

    def fail(self, path: str, rule: str, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(path, rule, message, severity))


class Conformance:
    """The vendored conformance resources, and validation against them.

    >>> conformance = Conformance()
    >>> conformance.definition("https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient-ins|2.2.0")["version"]
    '2.2.0'
    """

    def __init__(self, folder: Path = FR_CORE) -> None:
        self.resources: dict[str, dict[str, Any]] = {}
        for path in sorted(folder.glob("*.json")):
            resource = json.loads(path.read_text(encoding="utf-8"))
            if "url" in resource and "resourceType" in resource:
                self.resources[resource["url"]] = resource
        self.terminology = Terminology(self.resources)
        self.unchecked = self.terminology.unchecked  # what could not be checked, and why

    def definition(self, url: str) -> dict[str, Any]:
        """The StructureDefinition of ``url`` (a version suffix is ignored)."""
        return self.resources[_unversioned(url)]

    # -- structure ----------------------------------------------------------------------------

    def validate(self, resource: dict[str, Any], profile: str) -> list[Problem]:
        """Every problem of ``resource`` against ``profile`` (the empty list when it conforms)."""
        run = _Run(resource)
        for path in _empty_elements(resource, resource.get("resourceType", "?")):
            run.fail(path, "ele-1", "an element has neither a value nor children")
        definition = self.definition(profile)
        self._validate(run, resource, definition, definition["type"], definition["type"])
        # A rule reached through two routes (an inlined element and its type profile) is one.
        return list(dict.fromkeys(run.problems))

    def validate_element(
        self, value: dict[str, Any], profile: str, element_id: str
    ) -> list[Problem]:
        """Every problem of ``value`` against one element (a slice) of ``profile``."""
        run = _Run(value)
        definition = self.definition(profile)
        self._validate(run, value, definition, element_id, element_id)
        return list(dict.fromkeys(run.problems))

    def slice_of(self, value: dict[str, Any], profile: str, element_id: str) -> str | None:
        """The slice of ``element_id`` (a sliced element) that ``value`` falls in."""
        definition = self.definition(profile)
        elements = {e["id"]: e for e in definition["snapshot"]["element"]}
        return self._slice(value, elements, element_id, elements[element_id]["slicing"])

    def _validate(
        self, run: _Run, value: Any, definition: dict[str, Any], element_id: str, path: str
    ) -> None:
        elements = {e["id"]: e for e in definition["snapshot"]["element"]}
        self._node(run, value, elements, element_id, path)

    def _node(
        self, run: _Run, value: Any, elements: dict[str, dict[str, Any]], element_id: str, path: str
    ) -> None:
        element = elements[element_id]
        self._invariants(run, value, element, path)
        for key, fixed in element.items():
            if key.startswith("fixed") and value != fixed:
                run.fail(path, "fixed", f"must be {fixed!r}, not {value!r}")
            if key.startswith("pattern") and not _matches(value, fixed):
                run.fail(path, "pattern", f"must match {fixed!r}, not {value!r}")
        found = self.terminology.binding_problem(element, value)
        if found is not None:
            severity, message = found
            run.fail(path, "binding", message, severity)
        self._type_profiles(run, value, elements, element, path)
        if not isinstance(value, dict):
            return
        children = [
            child
            for child_id, child in elements.items()
            if child_id.startswith(element_id + ".")
            and "." not in child_id[len(element_id) + 1 :].replace("[x]", "")
            and ":" not in child_id[len(element_id) + 1 :]
        ]
        for child in children:
            name = child["id"][len(element_id) + 1 :]
            items = self._items(value, name, child)
            self._child(run, items, elements, child, f"{path}.{name}")

    def _items(self, value: dict[str, Any], name: str, element: dict[str, Any]) -> list[Any]:
        if name.endswith("[x]"):
            stem = name[:-3]
            allowed = {t["code"].lower() for t in element.get("type", [])}
            keys = [k for k in value if k.startswith(stem) and k[len(stem) :][:1].isupper()]
            return [value[k] for k in keys if k[len(stem) :].lower() in allowed or not allowed]
        item = value.get(name)
        return [] if item is None else item if isinstance(item, list) else [item]

    def _child(
        self,
        run: _Run,
        items: list[Any],
        elements: dict[str, dict[str, Any]],
        element: dict[str, Any],
        path: str,
    ) -> None:
        element_id = element["id"]
        maximum = element["max"]
        if len(items) < element["min"]:
            run.fail(path, "cardinality", f"at least {element['min']} expected, {len(items)} found")
        if maximum != "*" and len(items) > int(maximum):
            run.fail(path, "cardinality", f"at most {maximum} expected, {len(items)} found")
        slicing = element.get("slicing")
        by_slice: dict[str | None, list[Any]] = {}
        for item in items:
            name = self._slice(item, elements, element_id, slicing) if slicing else None
            by_slice.setdefault(name, []).append(item)
        if slicing:
            for slice_id in (i for i in elements if i.startswith(element_id + ":")):
                if (
                    "." in slice_id[len(element_id) :]
                    or slice_id.count(":") > element_id.count(":") + 1
                ):
                    continue
                self._child_slice(run, by_slice.get(slice_id, []), elements, slice_id, path)
        for index, item in enumerate(by_slice.get(None, [])):
            here = f"{path}[{index}]"
            url = item.get("url", "") if isinstance(item, dict) else ""
            if slicing and element_id.endswith("extension") and url and not _ABSOLUTE.match(url):
                run.fail(here, "extension", f"the sub-extension {url!r} is not defined here")
            elif slicing and slicing.get("rules") == "closed":
                run.fail(here, "slicing", "no slice matches and the slicing is closed")
            self._node(run, item, elements, element_id, here)

    def _child_slice(
        self,
        run: _Run,
        items: list[Any],
        elements: dict[str, dict[str, Any]],
        slice_id: str,
        path: str,
    ) -> None:
        element = elements[slice_id]
        name = slice_id.rsplit(":", 1)[1]
        here = f"{path}:{name}"
        if len(items) < element["min"]:
            run.fail(here, "cardinality", f"at least {element['min']} expected, {len(items)} found")
        if element["max"] != "*" and len(items) > int(element["max"]):
            run.fail(here, "cardinality", f"at most {element['max']} expected, {len(items)} found")
        for index, item in enumerate(items):
            self._node(run, item, elements, slice_id, f"{here}[{index}]")

    def _slice(
        self,
        item: Any,
        elements: dict[str, dict[str, Any]],
        element_id: str,
        slicing: dict[str, Any],
    ) -> str | None:
        found = []
        for slice_id in elements:
            rest = slice_id[len(element_id) :]
            if not rest.startswith(":") or "." in rest or rest.count(":") != 1:
                continue
            if all(
                self._discriminated(item, elements, slice_id, d) for d in slicing["discriminator"]
            ):
                found.append(slice_id)
        if len(found) > 1:
            raise AssertionError(f"{item!r} matches several slices: {found}")
        return found[0] if found else None

    def _discriminated(
        self, item: Any, elements: dict[str, dict[str, Any]], slice_id: str, discriminator: Any
    ) -> bool:
        if discriminator["type"] not in ("value", "pattern"):
            raise NotImplementedError(discriminator)
        path = discriminator["path"]
        target = elements[slice_id] if path == "$this" else elements.get(f"{slice_id}.{path}")
        value = item if path == "$this" else item.get(path) if isinstance(item, dict) else None
        expected = (
            None
            if target is None
            else next((v for k, v in target.items() if k.startswith(("fixed", "pattern"))), None)
        )
        if expected is None and path == "url":
            profiles = elements[slice_id]["type"][0].get("profile", [])
            expected = _unversioned(profiles[0]) if profiles else None
        return expected is not None and _matches(value, expected)

    def _type_profiles(
        self,
        run: _Run,
        value: Any,
        elements: dict[str, dict[str, Any]],
        element: dict[str, Any],
        path: str,
    ) -> None:
        for kind in element.get("type", []):
            for profile in kind.get("profile", []):
                url = _unversioned(profile)
                if url not in self.resources:
                    self.unchecked.add(f"profile {url}")
                    continue
                definition = self.resources[url]
                if definition["snapshot"]["element"][0]["id"] == element["id"]:
                    continue
                self._validate(run, value, definition, definition["type"], path)

    def _invariants(self, run: _Run, value: Any, element: dict[str, Any], path: str) -> None:
        for constraint in element.get("constraint", []):
            if constraint["key"] == "ele-1":
                continue  # checked once over the whole instance (fhirpathpy lacks hasValue())
            # The type of the element gives fhirpathpy the choice types (``value`` of an
            # Extension); a nested path such as Patient.extension.extension would not.
            kinds = element.get("type", [])
            single = len(kinds) == 1 and kinds[0]["code"][:1].isupper()
            base = kinds[0]["code"] if single else element["path"]
            try:
                result = evaluate(
                    value,
                    {"base": base, "expression": constraint["expression"]},
                    {"resource": run.root, "rootResource": run.root},
                    _R4,
                )
            except Exception as error:
                self.unchecked.add(f"invariant {constraint['key']}: {error}")
                continue
            if result == [False]:
                run.fail(path, constraint["key"], constraint["human"], constraint["severity"])
