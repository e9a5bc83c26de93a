"""aws_s3_bucket: storage, requests and retrievals per storage class, all usage based.

Usage keys (Infracost's, nested per storage class; dotted here):

* ``standard.``: ``storage_gb`` (tiered: first 50 TB, next 450 TB, over 500 TB),
  ``monthly_tier_1_requests`` (PUT, COPY, POST, LIST), ``monthly_tier_2_requests`` (GET, SELECT
  and all other), ``monthly_select_data_scanned_gb``, ``monthly_select_data_returned_gb``
* ``intelligent_tiering.``: ``frequent_access_storage_gb`` (tiered like Standard),
  ``infrequent_access_storage_gb``, ``archive_access_storage_gb``,
  ``deep_archive_access_storage_gb``, ``monitored_objects``, ``monthly_tier_1_requests``,
  ``monthly_tier_2_requests``
* ``standard_infrequent_access.``, ``one_zone_infrequent_access.``,
  ``glacier_instant_retrieval.``: ``storage_gb``, ``monthly_tier_1_requests``,
  ``monthly_tier_2_requests``, ``monthly_data_retrieval_gb``
* ``glacier_flexible_retrieval.``: ``storage_gb``, ``monthly_tier_1_requests``,
  ``monthly_tier_2_requests``, ``monthly_standard_data_retrieval_gb``,
  ``monthly_expedited_data_retrieval_gb``
* ``glacier_deep_archive.``: ``storage_gb``
* ``object_tags`` (top level)

Standard storage and requests are always listed; another class's lines are listed when the usage
file names that class, and optional lines (S3 Select, Intelligent-Tiering archive tiers, tags)
only when their key is given. Not in the price data, so not priced: lifecycle transitions, early
deletion, Glacier retrieval requests and bulk retrieval, Deep Archive requests and retrieval.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from checker.model import CostComponent, PriceQuery
from checker.resources.base import ResourceView
from checker.resources.services.units import TEN_THOUSAND, THOUSAND, per_block
from checker.resources.usage_schema import UsageSchema, not_priced

_ONE = Decimal(1)
_TIER1 = "PUT, COPY, POST, LIST requests"
_TIER2 = "GET, SELECT and all other requests"


@dataclass(frozen=True)
class _Line:
    """One priced quantity of a storage class: a usage key and the product it buys."""

    key: str
    name: str
    unit: str
    block: Decimal  # units per shown unit (1,000 requests...)
    family: str
    usagetype: str
    service: str = "AmazonS3"
    tiered: bool = False
    optional: bool = False  # listed only when its key is given


def _storage(
    usagetype: str,
    *,
    tiered: bool = False,
    key: str = "storage_gb",
    name: str = "storage",
    optional: bool = False,
    service: str = "AmazonS3",
) -> _Line:
    return _Line(key, name, "GB", _ONE, "Storage", usagetype, service, tiered, optional)


def _requests(key: str, name: str, usagetype: str) -> _Line:
    return _Line(key, name, "1k requests", THOUSAND, "API Request", usagetype)


def _gb(key: str, name: str, family: str, usagetype: str, *, optional: bool = False) -> _Line:
    return _Line(key, name, "GB", _ONE, family, usagetype, optional=optional)


def _requests_pair(infix: str) -> tuple[_Line, _Line]:
    return (
        _requests("monthly_tier_1_requests", _TIER1, f"Requests-{infix}Tier1"),
        _requests("monthly_tier_2_requests", _TIER2, f"Requests-{infix}Tier2"),
    )


# (usage block, label, lines); the first class is the default one, always listed.
_CLASSES: tuple[tuple[str, str, tuple[_Line, ...]], ...] = (
    (
        "standard",
        "Standard",
        (
            _storage("TimedStorage-ByteHrs", tiered=True),
            *_requests_pair(""),
            _gb(
                "monthly_select_data_scanned_gb",
                "Select data scanned",
                "API Request",
                "Select-Scanned-Bytes",
                optional=True,
            ),
            _gb(
                "monthly_select_data_returned_gb",
                "Select data returned",
                "API Request",
                "Select-Returned-Bytes",
                optional=True,
            ),
        ),
    ),
    (
        "intelligent_tiering",
        "Intelligent-Tiering",
        (
            _storage(
                "TimedStorage-INT-FA-ByteHrs",
                tiered=True,
                key="frequent_access_storage_gb",
                name="frequent access storage",
            ),
            _storage(
                "TimedStorage-INT-IA-ByteHrs",
                key="infrequent_access_storage_gb",
                name="infrequent access storage",
            ),
            _storage(
                "TimedStorage-INT-AA-ByteHrs",
                key="archive_access_storage_gb",
                name="archive access storage",
                optional=True,
            ),
            _storage(
                "TimedStorage-INT-DAA-ByteHrs",
                key="deep_archive_access_storage_gb",
                name="deep archive access storage",
                optional=True,
            ),
            _Line(
                "monitored_objects",
                "monitoring and automation",
                "1k objects",
                THOUSAND,
                "Fee",
                "Monitoring-Automation-INT",
            ),
            *_requests_pair("INT-"),
        ),
    ),
    (
        "standard_infrequent_access",
        "Standard-IA",
        (
            _storage("TimedStorage-SIA-ByteHrs"),
            *_requests_pair("SIA-"),
            _gb("monthly_data_retrieval_gb", "data retrieval", "API Request", "Retrieval-SIA"),
        ),
    ),
    (
        "one_zone_infrequent_access",
        "One Zone-IA",
        (
            _storage("TimedStorage-ZIA-ByteHrs"),
            *_requests_pair("ZIA-"),
            _gb("monthly_data_retrieval_gb", "data retrieval", "API Request", "Retrieval-ZIA"),
        ),
    ),
    (
        "glacier_instant_retrieval",
        "Glacier Instant Retrieval",
        (
            _storage("TimedStorage-GIR-ByteHrs"),
            *_requests_pair("GIR-"),
            _gb("monthly_data_retrieval_gb", "data retrieval", "API Request", "Retrieval-GIR"),
        ),
    ),
    (
        "glacier_flexible_retrieval",
        "Glacier Flexible Retrieval",
        (
            _storage("TimedStorage-GlacierByteHrs"),
            *_requests_pair("GLACIER-"),
            _gb(
                "monthly_standard_data_retrieval_gb",
                "standard retrieval",
                "Fee",
                "Standard-Retrieval-Bytes",
            ),
            _gb(
                "monthly_expedited_data_retrieval_gb",
                "expedited retrieval",
                "Fee",
                "Expedited-Retrieval-Bytes",
            ),
        ),
    ),
    (
        "glacier_deep_archive",
        "Glacier Deep Archive",
        (_storage("TimedStorage-GDA-ByteHrs", service="AmazonS3GlacierDeepArchive"),),
    ),
)
_TAGS = _Line(
    "object_tags",
    "Object tags",
    "10k tags",
    TEN_THOUSAND,
    "Storage",
    "TagStorage-TagHrs",
    optional=True,
)


# Each class's usage key prefix and, per line, its usage key and component name: spelled out
# once here rather than for every bucket.
_KEYED: tuple[tuple[str, tuple[tuple[_Line, str, str], ...]], ...] = tuple(
    (
        f"{block}.",
        tuple((line, f"{block}.{line.key}", f"{label} {line.name}") for line in lines),
    )
    for block, label, lines in _CLASSES
)


# Keys Infracost's usage files give per storage class that no line here prices yet.
_SELECT = ("monthly_select_data_scanned_gb", "monthly_select_data_returned_gb")
_INFRACOST_KEYS = {
    "intelligent_tiering": ("monthly_lifecycle_transition_requests", "early_delete_gb", *_SELECT),
    "standard_infrequent_access": ("monthly_lifecycle_transition_requests", *_SELECT),
    "one_zone_infrequent_access": ("monthly_lifecycle_transition_requests", *_SELECT),
    "glacier_flexible_retrieval": (
        "monthly_lifecycle_transition_requests",
        "early_delete_gb",
        "monthly_standard_data_retrieval_requests",
        "monthly_expedited_data_retrieval_requests",
        *(
            f"monthly_{level}_select_data_{what}_gb"
            for level in ("standard", "bulk", "expedited")
            for what in ("scanned", "returned")
        ),
    ),
    "glacier_deep_archive": (
        "monthly_tier_1_requests",
        "monthly_tier_2_requests",
        "monthly_lifecycle_transition_requests",
        "early_delete_gb",
        "monthly_standard_data_retrieval_requests",
        "monthly_bulk_data_retrieval_requests",
        "monthly_standard_data_retrieval_gb",
        "monthly_bulk_data_retrieval_gb",
    ),
}
_PRICED_KEYS = {key for _, lines in _KEYED for _, key, _ in lines}
# What a quantity of each line's unit counts, for the usage key's description.
_COUNTS = {
    "GB": "GB",
    "1k requests": "requests a month",
    "1k objects": "objects",
    "10k tags": "tags",
}
USAGE = UsageSchema.of(
    **{
        key: f"{name}, {_COUNTS.get(line.unit, line.unit)}"
        for _, lines in _KEYED
        for line, key, name in lines
    },
    **{_TAGS.key: "object tags stored, tags"},
    **{
        f"{block}.{key}": not_priced("Infracost's; not priced by costcheck yet")
        for block, keys in _INFRACOST_KEYS.items()
        for key in keys
        if f"{block}.{key}" not in _PRICED_KEYS
    },
)


def price(view: ResourceView) -> list[CostComponent]:
    """Price a bucket's storage classes from the usage file (Standard always listed)."""
    usage = view.usage
    components: list[CostComponent] = []
    for i, (prefix, lines) in enumerate(_KEYED):
        used = bool(usage) and any(key.startswith(prefix) for key in usage)
        for line, key, name in lines:
            if key in usage or (not line.optional and (used or i == 0)):
                components.append(_component(view, line, key, name))
    if _TAGS.key in usage:
        components.append(_component(view, _TAGS, _TAGS.key, _TAGS.name))
    return components


def _component(view: ResourceView, line: _Line, key: str, name: str) -> CostComponent:
    query = PriceQuery.of(line.service, view.region, line.family, usagetype=line.usagetype)
    return per_block(
        name[0].upper() + name[1:],
        line.unit,
        view.usage_quantity(key),
        line.block,
        query,
        tiered=line.tiered,
    )
