"""The AWS Glue Price List products the Glue pricers share (service ``AWSGlue``, family
``AWS Glue``; vocabulary from infracost's filters, evidence level B in the pricing data)."""

from __future__ import annotations

from checker.model import PriceQuery

SERVICE = "AWSGlue"
FAMILY = "AWS Glue"


def job_run(region: str) -> PriceQuery:
    """An ETL job's DPU-hour (Spark and Python shell jobs, standard execution class)."""
    return PriceQuery.of(SERVICE, region, FAMILY, group="ETL Job run", operation="jobrun")


def crawler_run(region: str) -> PriceQuery:
    """A crawler's DPU-hour."""
    return PriceQuery.of(SERVICE, region, FAMILY, operation="crawlerrun")


def catalog_storage(region: str) -> PriceQuery:
    """Data Catalog storage, per object-month."""
    return PriceQuery.of(SERVICE, region, FAMILY, group="Data catalog storage")


def catalog_requests(region: str) -> PriceQuery:
    """Data Catalog requests, per request."""
    return PriceQuery.of(SERVICE, region, FAMILY, group="Data catalog requests")
