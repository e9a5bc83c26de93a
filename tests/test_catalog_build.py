"""The catalog builder: reproducible output, tiers and evidence levels, and bad input refused."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli_catalog import catalog as catalog_cli
from checker.errors import InputError
from checker.model import Price, PriceQuery, PriceTier, PriceUnavailable
from checker.pricing.catalog import Catalog, default_catalog_path
from checker.pricing.catalog_build import (
    build_catalog,
    default_extra_dirs,
    default_pricing_dir,
)

SHARED_DATA = default_pricing_dir()
HEADER = (
    "service_code,region_code,product_family,attributes,unit,usd,begin_range,end_range,"
    "source,as_of,label"
)
QP = "github.com/QuinnyPig/aws-price-watcher@a6645eb2e53e:raw/x.json#SKU.TERM.RATE"
README = """# test pricing data

## Sources

| id | what | version / date | licence | used for |
|---|---|---|---|---|
| QP | github.com/QuinnyPig/aws-price-watcher, `processed/<svc>.json` | HEAD a6645eb | MIT | all |

## Per service
"""
VOCAB = [
    ("AmazonEC2", "Compute Instance", {"usagetype": "BoxUsage:<instance suffix>"}, "Hrs", "A"),
    ("AmazonS3", "Storage", {"usagetype": "TimedStorage-ByteHrs"}, "GB-Mo", "A"),
    ("awskms", "API Request", {"usagetype": "KMS-Requests"}, "Requests", "C"),
]


def ec2_row(region: str, instance: str, usd: str) -> list[str]:
    attributes = {"instanceType": instance, "usagetype": f"BoxUsage:{instance}"}
    return ["AmazonEC2", region, "Compute Instance", json.dumps(attributes), "Hrs", usd,
            "0", "Inf", QP, "2025-06-18", "label"]  # fmt: skip


def s3_row(begin: str, end: str, usd: str) -> list[str]:
    attributes = json.dumps({"usagetype": "TimedStorage-ByteHrs"})
    return ["AmazonS3", "us-east-1", "Storage", attributes, "GB-Mo", usd, begin, end, QP,
            "2025-06-18", "label"]  # fmt: skip


KMS_ROW = ["awskms", "us-east-1", "API Request", '{"usagetype":"KMS-Requests"}', "Requests",
           "0.000003", "0", "Inf", QP, "2025-06-18", "label"]  # fmt: skip
GOOD_ROWS = [
    ec2_row("us-east-1", "m5.large", "0.096"),
    ec2_row("eu-west-1", "m5.large", "0.107"),
    s3_row("51200", "512000", "0.022"),  # tiers in any order
    s3_row("0", "51200", "0.023"),
    s3_row("512000", "Inf", "0.021"),
    KMS_ROW,
]


def csv_text(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return HEADER + "\n" + buffer.getvalue()


def pricing_dir(
    tmp_path: Path, rows: list[list[str]] | None = None, *, text: str | None = None
) -> Path:
    """A small pricing-data directory in the shared data's format."""
    directory = tmp_path / "pricing-data"
    directory.mkdir(exist_ok=True)
    content = text if text is not None else csv_text(GOOD_ROWS if rows is None else rows)
    # mtime=0: the gzip header must not make two fixture directories differ.
    (directory / "aws_price_points.csv.gz").write_bytes(gzip.compress(content.encode(), mtime=0))
    vocab = io.StringIO()
    writer = csv.writer(vocab, lineterminator="\n")
    writer.writerow(
        ["service_code", "product_family", "key_attributes", "unit", "level", "evidence"]
    )
    for service, family, keys, unit, level in VOCAB:
        writer.writerow([service, family, json.dumps(keys), unit, f"{level}: test", "test"])
    (directory / "vocab_evidence.csv").write_text(vocab.getvalue())
    (directory / "build_summary.json").write_text(json.dumps({"prefix_map": {"eu-west-1": "EU"}}))
    locations = {"region_to_location": {"us-east-1": "US East (N. Virginia)"}}
    (directory / "region_location_map.json").write_text(json.dumps(locations))
    (directory / "README.md").write_text(README)
    return directory


@pytest.mark.takes(4)
def test_rebuilding_from_shared_data_reproduces_the_packaged_catalog(tmp_path: Path) -> None:
    if not (SHARED_DATA / "aws_price_points.csv.gz").is_file():
        pytest.skip(f"shared pricing data not at {SHARED_DATA} (set COSTCHECK_PRICING_DATA)")
    extras = default_extra_dirs()
    if not all(directory.is_dir() for directory in extras):
        pytest.skip(f"extra pricing data not at {extras} (set COSTCHECK_PRICING_DATA_EXTRA)")
    report = build_catalog(SHARED_DATA, tmp_path / "catalog.zip", extras)
    # 91,390 + 6,386 rows: the extra data set dropped its 40 rows whose key the first has.
    assert (report.rows, report.overlaps) == (91390 + 6386, 0)
    assert (tmp_path / "catalog.zip").read_bytes() == default_catalog_path().read_bytes(), (
        "checker/data/catalog.zip is stale: run `costcheck catalog build` and commit it"
    )


def test_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    source = pricing_dir(tmp_path)
    first = build_catalog(source, tmp_path / "a.zip")
    second = build_catalog(source, tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    assert first.sha256 == second.sha256
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert names == [
            "index/AmazonEC2.json",
            "index/AmazonS3.json",
            "index/awskms.json",
            "meta.json",
            "shards/AmazonEC2/eu-west-1.json",
            "shards/AmazonEC2/us-east-1.json",
            "shards/AmazonS3/us-east-1.json",
            "shards/awskms/us-east-1.json",
        ]


def test_build_report_counts_and_what_the_catalog_answers(tmp_path: Path) -> None:
    report = build_catalog(pricing_dir(tmp_path), tmp_path / "out" / "catalog.zip")
    assert (report.rows, report.products, report.services, report.regions, report.shards) == (
        6,
        4,
        3,
        2,
        4,
    )
    assert report.rows_by_evidence == (("A", 5), ("C", 1))
    built = Catalog.open(report.output)
    s3 = PriceQuery.of("AmazonS3", "us-east-1", "Storage", usagetype="TimedStorage-ByteHrs")
    kms = PriceQuery.of("awskms", "us-east-1", None, usagetype="Requests")  # level C: suffix
    ec2 = PriceQuery.of("AmazonEC2", "eu-west-1", None, instanceType="m5.large")
    answers = built.lookup([s3, kms, ec2])
    prices = {query: result for query, result in answers.items() if isinstance(result, Price)}
    assert prices[s3].tiers == (
        PriceTier(Decimal("0.023"), Decimal(0), Decimal(51200)),
        PriceTier(Decimal("0.022"), Decimal(51200), Decimal(512000)),
        PriceTier(Decimal("0.021"), Decimal(512000), None),
    )
    assert prices[kms].unit_price == Decimal("0.000003")
    assert prices[ec2].unit_price == Decimal("0.107")
    info = built.info()
    assert [(s.data_set, s.id, s.licence, s.rows, s.as_of) for s in info.sources] == [
        ("pricing-data", "QP", "MIT", 6, ("2025-06-18",))
    ]
    assert (info.services[0].service_code, info.services[0].regions) == (
        "AmazonEC2",
        (("eu-west-1", 1), ("us-east-1", 1)),
    )
    missing = PriceQuery.of("AmazonEC2", "us-east-2", None, instanceType="m5.large")
    assert isinstance(built.lookup([missing])[missing], PriceUnavailable)


def _replace(row: list[str], column: str, value: str) -> list[str]:
    changed = list(row)
    changed[HEADER.split(",").index(column)] = value
    return changed


EC2 = ec2_row("us-east-1", "m5.large", "0.096")
MALFORMED = [
    (_replace(EC2, "attributes", "{not json"), "attributes is not JSON"),
    (_replace(EC2, "attributes", '{"a": 1}'), "attributes must be a JSON object of string values"),
    (_replace(EC2, "usd", "0,096"), "usd '0,096' is not a decimal number"),
    (_replace(EC2, "usd", "-1"), "usd '-1' must be a finite number >= 0"),
    (_replace(EC2, "end_range", "0"), "end_range 0 is not above begin_range 0"),
    (_replace(EC2, "service_code", ""), "service_code is empty"),
    (_replace(EC2, "source", "somewhere"), "is not of the form github.com/owner/repo@commit:path"),
    (_replace(EC2, "as_of", "June 2025"), "as_of 'June 2025' is neither YYYY-MM-DD nor 'unknown'"),
    (_replace(EC2, "product_family", "Storage"), "matches no vocabulary template"),
    (EC2[:-1], "expected 11 columns, found 10"),
]


@pytest.mark.parametrize(("bad_row", "message"), MALFORMED, ids=lambda v: str(v)[:40])
def test_a_malformed_row_is_refused_with_its_line(
    tmp_path: Path, bad_row: list[str], message: str
) -> None:
    source = pricing_dir(tmp_path, [GOOD_ROWS[0], GOOD_ROWS[1], bad_row])
    with pytest.raises(InputError, match=re.escape(message)) as error:
        build_catalog(source, tmp_path / "catalog.zip")
    assert error.value.path is not None and error.value.path.endswith("aws_price_points.csv.gz")
    assert error.value.line == 4  # header, two good rows, then the bad one
    assert not (tmp_path / "catalog.zip").exists()


def test_tiers_must_be_distinct_contiguous_and_open_ended(tmp_path: Path) -> None:
    duplicate = [
        s3_row("0", "51200", "0.023"),
        s3_row("0", "51200", "0.024"),
        s3_row("51200", "Inf", "0.022"),
    ]
    with pytest.raises(InputError, match=r"duplicate price row .* line 2") as error:
        build_catalog(pricing_dir(tmp_path, duplicate), tmp_path / "x.zip")
    assert error.value.line == 3
    gap = [s3_row("0", "51200", "0.023"), s3_row("60000", "Inf", "0.022")]
    with pytest.raises(
        InputError, match="tier gap: line 2 ends at 51200 but the next tier begins at 60000"
    ):
        build_catalog(pricing_dir(tmp_path, gap), tmp_path / "x.zip")
    closed = [s3_row("0", "51200", "0.023")]
    with pytest.raises(InputError, match="the last tier ends at 51200; it must end at Inf"):
        build_catalog(pricing_dir(tmp_path, closed), tmp_path / "x.zip")


def test_unusable_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="pricing data directory not found"):
        build_catalog(tmp_path / "nowhere", tmp_path / "x.zip")
    source = pricing_dir(tmp_path)
    (source / "vocab_evidence.csv").unlink()
    with pytest.raises(InputError, match=re.escape("lacks vocab_evidence.csv")):
        build_catalog(source, tmp_path / "x.zip")

    source = pricing_dir(tmp_path)
    (source / "aws_price_points.csv.gz").write_bytes(b"plain text, not gzip")
    with pytest.raises(InputError, match="cannot read the gzip CSV") as error:
        build_catalog(source, tmp_path / "x.zip")
    assert error.value.path == str(source / "aws_price_points.csv.gz")

    source = pricing_dir(tmp_path, text="service_code,region_code\nAmazonEC2,us-east-1\n")
    with pytest.raises(InputError, match="CSV header lacks column") as error:
        build_catalog(source, tmp_path / "x.zip")
    assert error.value.line == 1

    source = pricing_dir(tmp_path)
    (source / "build_summary.json").write_text('{"prefix_map": [1, 2]}')
    with pytest.raises(InputError, match="expected an object of strings under 'prefix_map'"):
        build_catalog(source, tmp_path / "x.zip")


def test_vocabulary_templates_are_checked(tmp_path: Path) -> None:
    source = pricing_dir(tmp_path)
    vocab = source / "vocab_evidence.csv"
    vocab.write_text(vocab.read_text().replace("A: test", "D: test", 1))
    with pytest.raises(InputError, match="level 'D: test' does not start with A, B or C") as error:
        build_catalog(source, tmp_path / "x.zip")
    assert error.value.line == 2


def test_every_price_source_needs_a_licence_in_the_readme(tmp_path: Path) -> None:
    source = pricing_dir(
        tmp_path, [_replace(EC2, "source", "github.com/someone/else@abcdef1:f.csv")]
    )
    with pytest.raises(
        InputError, match=re.escape("github.com/someone/else, which the README's Sources table")
    ):
        build_catalog(source, tmp_path / "x.zip")
    (source / "README.md").write_text("# no sources here\n")
    with pytest.raises(InputError, match="no '## Sources' section"):
        build_catalog(source, tmp_path / "x.zip")


def test_cli_build_and_info(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "built.zip"
    result = runner.invoke(
        catalog_cli, ["build", "--from", str(pricing_dir(tmp_path)), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    assert "6 rows -> 4 products in 4 shards; 3 services, 2 regions" in result.output

    table = runner.invoke(catalog_cli, ["info", "--catalog", str(out)])
    assert table.exit_code == 0, table.output
    assert "Data as of: 2025-06-18" in table.output
    assert (
        "pricing-data  QP  github.com/QuinnyPig/aws-price-watcher  a6645eb2e53e  6     "
        "2025-06-18  MIT" in table.output
    )
    assert "Data sets: pricing-data; no product is priced by two of them" in table.output
    assert "AmazonEC2: eu-west-1, us-east-1" in table.output

    as_json = runner.invoke(catalog_cli, ["info", "--format", "json", "--catalog", str(out)])
    document = json.loads(as_json.output)
    assert document["rows"] == 6
    assert document["sources"][0]["licence"] == "MIT"


def test_cli_reports_bad_input_without_a_traceback(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        catalog_cli,
        ["build", "--from", str(tmp_path / "nowhere"), "--out", str(tmp_path / "x.zip")],
    )
    assert result.exit_code == 2
    assert (
        "costcheck: error:" in result.output and "pricing data directory not found" in result.output
    )
    source = pricing_dir(tmp_path, [GOOD_ROWS[0], _replace(EC2, "usd", "cheap")])
    bad = runner.invoke(
        catalog_cli, ["build", "--from", str(source), "--out", str(tmp_path / "x.zip")]
    )
    assert bad.exit_code == 2
    assert "aws_price_points.csv.gz:3: usd 'cheap' is not a decimal number" in bad.output
    missing = runner.invoke(catalog_cli, ["info", "--catalog", str(tmp_path / "none.zip")])
    assert missing.exit_code == 2 and "price catalog not found" in missing.output


def test_default_pricing_dir_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COSTCHECK_PRICING_DATA", str(tmp_path))
    assert default_pricing_dir() == tmp_path
    monkeypatch.delenv("COSTCHECK_PRICING_DATA")
    assert default_pricing_dir().parts[-2:] == ("shared", "pricing-data")


# --- extra data sets -----------------------------------------------------------------------------


def extra_dir(tmp_path: Path, rows: list[list[str]], name: str = "pricing-data-extra") -> Path:
    """An extra data set as ``shared/pricing-data-extra`` lays it out (its own file names)."""
    staging = tmp_path / f"staging-{name}"
    staging.mkdir(parents=True)
    built = pricing_dir(staging, rows)
    directory = tmp_path / name
    directory.mkdir(parents=True)
    for original, renamed in (
        ("aws_price_points.csv.gz", "aws_price_points_extra.csv.gz"),
        ("vocab_evidence.csv", "vocab_evidence_extra.csv"),
        ("README.md", "README.md"),
    ):
        (directory / renamed).write_bytes((built / original).read_bytes())
    return directory


def _dated(row: list[str], usd: str, as_of: str) -> list[str]:
    return _replace(_replace(row, "usd", usd), "as_of", as_of)


def _ec2_price(catalog_path: Path, region: str = "us-east-1") -> object:
    query = PriceQuery.of("AmazonEC2", region, None, instanceType="m5.large")
    return Catalog.open(catalog_path).lookup([query])[query]


def test_an_extra_data_set_adds_products_and_its_sources(tmp_path: Path) -> None:
    base = pricing_dir(tmp_path)
    extra = extra_dir(tmp_path, [ec2_row("ap-southeast-6", "m5.large", "0.12")])
    report = build_catalog(base, tmp_path / "x.zip", [extra])
    assert (report.rows, report.overlaps, report.regions) == (7, 0, 3)
    price = _ec2_price(report.output, "ap-southeast-6")
    assert isinstance(price, Price) and price.unit_price == Decimal("0.12")
    info = Catalog.open(report.output).info()
    assert info.data_sets == ("pricing-data", "pricing-data-extra")
    assert [(s.data_set, s.rows) for s in info.sources] == [
        ("pricing-data", 6),
        ("pricing-data-extra", 1),
    ]
    assert "pricing-data-extra/aws_price_points_extra.csv.gz" in dict(info.inputs_sha256)


def test_the_newest_price_of_a_product_wins_whichever_data_set_comes_first(
    tmp_path: Path,
) -> None:
    newer = _dated(EC2, "0.1", "2026-01-01")
    older = _dated(EC2, "0.09", "2024-01-01")
    base = pricing_dir(tmp_path)  # EC2 m5.large us-east-1 0.096 as of 2025-06-18
    for name, row, kept, kept_set in (
        ("newer", newer, "0.1", "newer"),
        ("older", older, "0.096", "pricing-data"),
    ):
        report = build_catalog(base, tmp_path / f"{name}.zip", [extra_dir(tmp_path, [row], name)])
        assert (report.rows, report.overlaps) == (6, 1)  # the dropped row is not counted
        price = _ec2_price(report.output)
        assert isinstance(price, Price) and price.unit_price == Decimal(kept)
        (overlap,) = Catalog.open(report.output).info().overlaps
        assert (overlap.service_code, overlap.region, overlap.kept_data_set) == (
            "AmazonEC2",
            "us-east-1",
            kept_set,
        )
        assert dict(overlap.attributes)["instanceType"] == "m5.large"
        assert not overlap.same_price
        info = Catalog.open(report.output).info()
        assert sum(s.rows for s in info.sources) == info.rows


def test_a_newer_tiered_product_replaces_every_tier(tmp_path: Path) -> None:
    base = pricing_dir(tmp_path)  # S3 storage in three tiers
    newer = [s3_row("0", "1000", "0.03"), s3_row("1000", "Inf", "0.02")]
    newer = [_replace(row, "as_of", "2026-01-01") for row in newer]
    report = build_catalog(base, tmp_path / "x.zip", [extra_dir(tmp_path, newer)])
    query = PriceQuery.of("AmazonS3", "us-east-1", "Storage", usagetype="TimedStorage-ByteHrs")
    price = Catalog.open(report.output).lookup([query])[query]
    assert isinstance(price, Price)
    assert price.tiers == (
        PriceTier(Decimal("0.03"), Decimal(0), Decimal(1000)),
        PriceTier(Decimal("0.02"), Decimal(1000), None),
    )
    assert report.rows == 6 - 3 + 2


def test_the_same_price_twice_keeps_the_first_and_says_so(tmp_path: Path) -> None:
    same = _dated(EC2, "0.0960", "2025-06-18")  # equal as a number
    report = build_catalog(pricing_dir(tmp_path), tmp_path / "x.zip", [extra_dir(tmp_path, [same])])
    (overlap,) = Catalog.open(report.output).info().overlaps
    assert (overlap.kept_data_set, overlap.same_price) == ("pricing-data", True)
    price = _ec2_price(report.output)
    assert isinstance(price, Price) and QP in price.reference


@pytest.mark.parametrize(
    ("usd", "as_of"), [("0.2", "2025-06-18"), ("0.2", "unknown"), ("0.096", "unknown")]
)
def test_two_prices_without_a_newer_date_are_refused(tmp_path: Path, usd: str, as_of: str) -> None:
    extra = extra_dir(tmp_path, [_dated(EC2, usd, as_of)])
    with pytest.raises(InputError, match="no newer date to choose by") as error:
        build_catalog(pricing_dir(tmp_path), tmp_path / "x.zip", [extra])
    assert error.value.path == str(extra / "aws_price_points_extra.csv.gz")
    assert error.value.line == 2
    assert "pricing-data (line 2, as of 2025-06-18) and pricing-data-extra" in str(error.value)


def test_unusable_extra_directories_are_named(tmp_path: Path) -> None:
    base = pricing_dir(tmp_path)
    with pytest.raises(InputError, match="extra pricing data directory not found"):
        build_catalog(base, tmp_path / "x.zip", [tmp_path / "nowhere"])
    extra = extra_dir(tmp_path, [EC2])
    (extra / "vocab_evidence_extra.csv").unlink()
    with pytest.raises(InputError, match=r"exactly one vocab_evidence\*\.csv \(found 0\)"):
        build_catalog(base, tmp_path / "x.zip", [extra])
    twin = extra_dir(tmp_path / "elsewhere", [EC2], name="pricing-data")
    with pytest.raises(InputError, match="share the name 'pricing-data'"):
        build_catalog(base, tmp_path / "x.zip", [twin])


def test_cli_folds_extra_data_sets_and_info_lists_overlaps(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "built.zip"
    extra = extra_dir(tmp_path, [_dated(EC2, "0.1", "2026-01-01")])
    result = runner.invoke(
        catalog_cli,
        ["build", "--from", str(pricing_dir(tmp_path)), "--extra", str(extra), "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert "1 products priced by two data sets (newest kept)" in result.output
    table = runner.invoke(catalog_cli, ["info", "--catalog", str(out)])
    assert table.exit_code == 0, table.output
    assert (
        "Data sets: pricing-data, pricing-data-extra; 1 products priced by two of them, the "
        "newest as-of date kept (1 with a changed price; listed below)"
    ) in table.output
    assert (
        "AmazonEC2  us-east-1  Compute Instance instanceType=m5.large, usagetype=BoxUsage:m5.large"
        "  pricing-data-extra 2026-01-01  pricing-data 2025-06-18  changed"
    ) in table.output
    as_json = runner.invoke(catalog_cli, ["info", "--format", "json", "--catalog", str(out)])
    document = json.loads(as_json.output)
    assert document["data_sets"] == ["pricing-data", "pricing-data-extra"]
    (overlap,) = document["overlaps"]
    assert (overlap["kept_data_set"], overlap["dropped_as_of"]) == (
        "pricing-data-extra",
        "2025-06-18",
    )


def test_default_extra_dirs_follow_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COSTCHECK_PRICING_DATA_EXTRA", f"{tmp_path / 'a'}:{tmp_path / 'b'}")
    assert default_extra_dirs() == (tmp_path / "a", tmp_path / "b")
    monkeypatch.setenv("COSTCHECK_PRICING_DATA_EXTRA", "")
    assert default_extra_dirs() == ()
    monkeypatch.delenv("COSTCHECK_PRICING_DATA_EXTRA")
    monkeypatch.setenv("COSTCHECK_PRICING_DATA", str(tmp_path / "data"))
    assert default_extra_dirs() == (tmp_path / "pricing-data-extra",)
