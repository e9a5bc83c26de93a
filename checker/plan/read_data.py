"""The data sources Terraform read while planning whose values a pricer needs: the AMIs
(``data "aws_ami"``) an instance, launch template or launch configuration launches, whose
``platform_details`` / ``usage_operation`` say the operating system AWS bills.

A plan holds what a data source read in ``prior_state`` (read at plan time). Each becomes a
:class:`~checker.model.Resource` at its own address (``data.aws_ami.win``), never priced, that
the references mechanism resolves ``ami = data.aws_ami.win.id`` to. Only the few facts a pricer
reads are kept, as short strings: nothing else of the read values travels on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from checker.model import Attributes, Resource
from checker.plan.addresses import Key, ModuleInstance, parse_module_instance
from checker.plan.config import mapping, state_modules

# data source type -> the attributes of its read values a pricer reads.
READ_FACTS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"aws_ami": ("id", "platform", "platform_details", "usage_operation")}
)
_MAX_FACT_LENGTH = 200  # AWS's platform descriptions are a few dozen characters
_MAX_READ = 10_000  # far beyond a real plan's data sources; bounds a hand-made one


@dataclass(frozen=True)
class ReadData:
    """One data source instance read while planning."""

    module: ModuleInstance
    resource: str  # "data.aws_ami.win", as a reference names it
    key: Key | None
    address: str
    type: str
    name: str
    facts: Mapping[str, str]

    def as_resource(self) -> Resource:
        """A resource a pricer can follow a reference to (its region is not read: "")."""
        return Resource(
            self.address,
            self.type,
            self.name,
            Attributes(dict(self.facts), frozenset(), frozenset(), {}),
            "",
            "",
            self.key,
        )


def read_data_sources(prior_state: Any) -> list[ReadData]:
    """The data sources of :data:`READ_FACTS`'s types in ``prior_state``, in module order."""
    found: list[ReadData] = []
    for module, resources in state_modules(prior_state):
        if len(found) >= _MAX_READ:
            break
        module_text = module.get("address") or ""
        instance = parse_module_instance(module_text) if isinstance(module_text, str) else None
        if instance is None:
            continue
        for raw in resources[:_MAX_READ]:
            entry = _entry(mapping(raw), instance)
            if entry is not None:
                found.append(entry)
    return found


def _entry(raw: Mapping[str, Any], module: ModuleInstance) -> ReadData | None:
    kind, name, address = raw.get("type"), raw.get("name"), raw.get("address")
    if raw.get("mode") != "data" or not isinstance(kind, str) or kind not in READ_FACTS:
        return None
    if not isinstance(name, str) or not isinstance(address, str) or not address.isprintable():
        return None
    key = raw.get("index")
    if key is not None and (isinstance(key, bool) or not isinstance(key, (int, str))):
        return None
    values = mapping(raw.get("values"))
    # A value the state marks sensitive is never carried (not even into a message).
    marks = raw.get("sensitive_values")
    sensitive = mapping(marks) if marks is not True else dict.fromkeys(READ_FACTS[kind], True)
    facts = {
        attribute: value
        for attribute in READ_FACTS[kind]
        if not sensitive.get(attribute)
        and isinstance(value := values.get(attribute), str)
        and value
        and len(value) <= _MAX_FACT_LENGTH
        and value.isprintable()
    }
    return ReadData(module, f"data.{kind}.{name}", key, address, kind, name, facts)
