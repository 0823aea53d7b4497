"""Bindings of the vendored FR Core resources: value sets expanded, codes checked.

A value set is expanded from the vendored value sets and code systems (``include`` and
``exclude`` of explicit concepts, of whole code systems whose content is complete, of other
value sets). The FHIR core value sets bound on the elements we write are expanded from the code
lists ``fhir.resources`` carries (generated from the FHIR specification). A value set that cannot
be expanded is recorded in ``unchecked`` and its binding is not checked.
"""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.address import Address
from fhir.resources.R4B.humanname import HumanName
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.patient import Patient


def _codes(model: Any, name: str) -> list[str]:
    return model.model_fields[name].json_schema_extra["enum_values"]  # type: ignore[no-any-return]


# FHIR core value sets bound on the elements we write: their codes, as fhir.resources carries
# them (generated from the FHIR specification), with the code system the value set draws on.
_CORE_VALUE_SETS: dict[str, tuple[str, list[str]]] = {
    "http://hl7.org/fhir/ValueSet/identifier-use": (
        "http://hl7.org/fhir/identifier-use",
        _codes(Identifier, "use"),
    ),
    "http://hl7.org/fhir/ValueSet/name-use": (
        "http://hl7.org/fhir/name-use",
        _codes(HumanName, "use"),
    ),
    "http://hl7.org/fhir/ValueSet/administrative-gender": (
        "http://hl7.org/fhir/administrative-gender",
        _codes(Patient, "gender"),
    ),
    "http://hl7.org/fhir/ValueSet/address-use": (
        "http://hl7.org/fhir/address-use",
        _codes(Address, "use"),
    ),
}


def _unversioned(url: str) -> str:
    return url.split("|", 1)[0]


class Terminology:
    """Expansion of value sets and checking of bound codes (required and extensible)."""

    def __init__(self, resources: dict[str, dict[str, Any]]) -> None:
        self.resources = resources
        self.unchecked: set[str] = set()

    def expand(self, url: str) -> set[tuple[str, str]] | None:
        """The (system, code) pairs of a value set, or None when it cannot be expanded here."""
        url = _unversioned(url)
        if url in _CORE_VALUE_SETS:
            system, codes = _CORE_VALUE_SETS[url]
            return {(system, code) for code in codes}
        value_set = self.resources.get(url)
        if value_set is None:
            return None
        compose = value_set["compose"]
        included = self._part(compose.get("include", []))
        excluded = self._part(compose.get("exclude", []))
        if included is None or excluded is None:
            return None
        return included - excluded

    def _part(self, parts: list[dict[str, Any]]) -> set[tuple[str, str]] | None:
        found: set[tuple[str, str]] = set()
        for part in parts:
            for nested in part.get("valueSet", []):
                expanded = self.expand(nested)
                if expanded is None:
                    return None
                found |= expanded
            system = part.get("system")
            if system is None:
                continue
            if "concept" in part:
                found |= {(system, concept["code"]) for concept in part["concept"]}
                continue
            code_system = self.resources.get(system)
            if code_system is None or code_system.get("content") != "complete":
                return None
            found |= {(system, concept["code"]) for concept in code_system["concept"]}
        return found

    def binding_problem(self, element: dict[str, Any], value: Any) -> tuple[str, str] | None:
        """``(severity, message)`` when ``value`` breaks the binding of ``element``, else None."""
        binding = element.get("binding")
        if binding is None or binding["strength"] not in ("required", "extensible"):
            return None
        value_set = binding["valueSet"]
        expansion = self.expand(value_set)
        if expansion is None:
            self.unchecked.add(f"binding {value_set}")
            return None
        codings = [{"code": value}] if isinstance(value, str) else value.get("coding", [value])
        systems = {system for system, _ in expansion}
        for coding in codings:
            code, system = coding.get("code"), coding.get("system")
            known = {c for s, c in expansion if system is None or s == system}
            if code in known:
                return None
            if binding["strength"] == "extensible" and system not in systems:
                # Extensible: another code system is allowed when the value set has no concept
                # for it, which a person judges: a warning, as the FHIR validator gives.
                return "warning", f"{system}#{code} is not from {value_set}"
        return "error", f"{codings} is not in {value_set} ({binding['strength']})"
