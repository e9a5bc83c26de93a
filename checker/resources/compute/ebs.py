"""EBS volume components: storage, provisioned IOPS and throughput, magnetic I/O requests.

Shared by ``aws_ebs_volume`` and everything that launches instances with volumes
(``aws_instance``, ``aws_autoscaling_group``, ``aws_eks_node_group``). A :class:`Volume` holds
values already resolved for AWS's documented defaults; what is still unknown travels as
:class:`~checker.model.Missing` and makes only the components that need it unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from checker.model import CostComponent, Missing, PriceQuery, Quantity
from checker.resources.base import times
from checker.safe_text import clip

# volume type -> how the storage line names it (Infracost's wording, familiar to FinOps readers)
VOLUME_TYPES: Mapping[str, str] = {
    "gp2": "general purpose SSD, gp2",
    "gp3": "general purpose SSD, gp3",
    "io1": "provisioned IOPS SSD, io1",
    "io2": "provisioned IOPS SSD, io2",
    "st1": "throughput optimized HDD, st1",
    "sc1": "cold HDD, sc1",
    "standard": "magnetic",
}

# gp3 includes 3,000 IOPS and 125 MiB/s with every volume; only what is above is billed.
GP3_BASELINE_IOPS = Decimal(3000)
GP3_BASELINE_THROUGHPUT = Decimal(125)

# io2 IOPS are billed in three tiers per volume: up to 32,000, 32,001-64,000, above 64,000.
_IO2_TIERS: tuple[tuple[Decimal, Decimal | None, str, str], ...] = (
    (Decimal(0), Decimal(32000), "EBS:VolumeP-IOPS.io2", "Provisioned IOPS (up to 32,000)"),
    (
        Decimal(32000),
        Decimal(64000),
        "EBS:VolumeP-IOPS.io2.tier2",
        "Provisioned IOPS (32,001-64,000)",
    ),
    (Decimal(64000), None, "EBS:VolumeP-IOPS.io2.tier3", "Provisioned IOPS (over 64,000)"),
)

_IOPS_USAGETYPES: Mapping[str, str] = {
    "gp3": "EBS:VolumeP-IOPS.gp3",
    "io1": "EBS:VolumeP-IOPS.piops",
}

MILLION = Decimal(1_000_000)
MIB_PER_GIB = Decimal(1024)

IO_REQUESTS_KEY = "monthly_standard_io_requests"


@dataclass(frozen=True)
class Volume:
    """One EBS volume as configured. ``iops``/``throughput`` are None where not set (gp3 then
    gets its baseline; io1/io2 require IOPS). ``label`` prefixes component names ("Root
    volume", "Volume /dev/sdf"); empty for a standalone ``aws_ebs_volume``."""

    volume_type: str | Missing
    size_gb: Decimal | Missing
    iops: Decimal | Missing | None = None
    throughput: Decimal | Missing | None = None
    label: str = ""
    assumption: str | None = None  # the stated default its size or type is priced with


def volume_components(
    region: str,
    volume: Volume,
    *,
    count: Quantity = Decimal(1),
    io_requests: Quantity | None = None,
) -> list[CostComponent]:
    """The monthly components of ``count`` identical volumes. ``io_requests`` is the monthly
    I/O request count of one magnetic volume (usage-based; Missing when not given)."""
    prefix = f"{volume.label}: " if volume.label else ""
    vtype = volume.volume_type
    if isinstance(vtype, Missing) or vtype not in VOLUME_TYPES:
        reason = (
            vtype
            if isinstance(vtype, Missing)
            else Missing(
                "unknown",
                f"volume type {clip(repr(vtype))} is not one of {', '.join(VOLUME_TYPES)}",
                "volume_type",
            )
        )
        return [
            CostComponent(
                f"{prefix}Storage",
                "GB",
                times(volume.size_gb, count),
                reason,
                assumption=volume.assumption,
            )
        ]

    components = [
        CostComponent(
            f"{prefix}Storage ({VOLUME_TYPES[vtype]})",
            "GB",
            times(volume.size_gb, count),
            PriceQuery.of("AmazonEC2", region, "Storage", volumeApiName=vtype),
            assumption=volume.assumption,
        )
    ]
    if vtype == "gp3":
        components += _gp3_extras(region, volume, prefix, count)
    elif vtype == "io1":
        components.append(_iops(region, prefix, _required_iops(volume), count, "io1"))
    elif vtype == "io2":
        components += _io2_iops(region, prefix, _required_iops(volume), count)
    elif vtype == "standard":
        requests = io_requests if io_requests is not None else Missing.usage(IO_REQUESTS_KEY)
        components.append(
            CostComponent(
                f"{prefix}I/O requests",
                "1M requests",
                times(requests, 1 / MILLION, count),
                PriceQuery.of(
                    "AmazonEC2", region, "System Operation", usagetype="EBS:VolumeIOUsage"
                ),
                price_multiplier=MILLION,
            )
        )
    return components


def _required_iops(volume: Volume) -> Decimal | Missing:
    if volume.iops is None:
        return Missing("unknown", "iops is required for io1/io2 volumes and is not set", "iops")
    return volume.iops


def _gp3_extras(region: str, volume: Volume, prefix: str, count: Quantity) -> list[CostComponent]:
    # An unset or provider-computed gp3 iops/throughput is AWS's baseline: AWS applies it to
    # every gp3 volume created without them, so nothing above the baseline is billed.
    iops = volume.iops if isinstance(volume.iops, Decimal) else GP3_BASELINE_IOPS
    throughput = (
        volume.throughput if isinstance(volume.throughput, Decimal) else GP3_BASELINE_THROUGHPUT
    )
    extras: list[CostComponent] = []
    if iops > GP3_BASELINE_IOPS:
        extras.append(_iops(region, prefix, iops - GP3_BASELINE_IOPS, count, "gp3"))
    if throughput > GP3_BASELINE_THROUGHPUT:
        extras.append(
            CostComponent(
                f"{prefix}Provisioned throughput",
                "MiB/s",
                times(throughput - GP3_BASELINE_THROUGHPUT, count),
                PriceQuery.of(
                    "AmazonEC2",
                    region,
                    "Provisioned Throughput",
                    usagetype="EBS:VolumeP-Throughput.gp3",
                ),
                # The Price List bills GiB/s-month; shown per MiB/s-month.
                price_multiplier=1 / MIB_PER_GIB,
            )
        )
    return extras


def _iops(
    region: str, prefix: str, iops: Decimal | Missing, count: Quantity, vtype: str
) -> CostComponent:
    return CostComponent(
        f"{prefix}Provisioned IOPS",
        "IOPS",
        times(iops, count),
        PriceQuery.of("AmazonEC2", region, "System Operation", usagetype=_IOPS_USAGETYPES[vtype]),
    )


def _io2_iops(
    region: str, prefix: str, iops: Decimal | Missing, count: Quantity
) -> list[CostComponent]:
    used = [
        (tier, quantity)
        for tier, quantity in zip(_IO2_TIERS, _io2_tier_quantities(iops), strict=True)
        if isinstance(quantity, Missing) or quantity > 0 or tier is _IO2_TIERS[0]
    ]
    return [
        CostComponent(
            # Tier names only where a volume reaches past the first tier.
            f"{prefix}{name if len(used) > 1 else 'Provisioned IOPS'}",
            "IOPS",
            times(quantity, count),
            PriceQuery.of("AmazonEC2", region, "System Operation", usagetype=usagetype),
        )
        for (_, _, usagetype, name), quantity in used
    ]


def _io2_tier_quantities(iops: Decimal | Missing) -> list[Quantity]:
    """The IOPS of one io2 volume falling in each price tier (only the first when unknown)."""
    if isinstance(iops, Missing):
        return [iops, Decimal(0), Decimal(0)]
    return [
        max(Decimal(0), min(iops, end) - begin)
        if end is not None
        else max(Decimal(0), iops - begin)
        for begin, end, _, _ in _IO2_TIERS
    ]
