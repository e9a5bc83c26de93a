"""The live price source: the AWS Price List API (``pricing:GetProducts``) through boto3.

Why ``usagetype`` is not sent as a filter: a live usagetype carries its region's prefix
(``USE2-BoxUsage:m5.large``, ``EU-EBS:VolumeUsage.gp3``), some us-east-1 products carry none
(``BoxUsage:m5.large``) and some carry ``USE1-``. TERM_MATCH is an exact match, so the
unprefixed value a :class:`~checker.model.PriceQuery` holds would miss every prefixed product,
and guessing the prefix would turn any gap in the prefix map into a wrong "no price". The source
therefore filters on the region code and the other attributes, and matches usagetype on the
answers, with or without the region's prefix (:func:`checker.pricing.price_list.usagetype_matches`).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    NoCredentialsError,
    PartialCredentialsError,
    ReadTimeoutError,
)
from botocore.exceptions import ConnectionError as BotoConnectionError

from checker.model import PriceQuery, PriceResult, PriceUnavailable
from checker.pricing.cache import AnswerCache
from checker.pricing.failure import QueryFailure
from checker.pricing.price_list import FORMAT_VERSION, build_filters, describe_query, select_price

__all__ = ["DEFAULT_MAX_WORKERS", "PRICING_API_REGION", "AwsPriceListSource", "QueryFailure"]

PRICING_API_REGION = "us-east-1"
DEFAULT_MAX_WORKERS = 8
# Total attempts per request. Standard-mode backoff after a throttle is jittered
# rand(0, 1) * 1, 2, 4, 8 s, so five attempts ride out up to ~15 s of throttling (a burst of our
# own parallel calls) before giving up; more would leave a CLI run hanging for minutes while AWS
# keeps refusing, when the catalog could answer at once.
DEFAULT_MAX_ATTEMPTS = 5
# GetProducts returns at most 100 items a page; the usagetype post-filter needs them all, but a
# query matching thousands of products is too broad to answer anyway.
PAGE_SIZE = 100
MAX_PRODUCTS = 2000

_CREDENTIAL_ERRORS = {
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "InvalidClientTokenId",
    "ExpiredTokenException",
    "ExpiredToken",
}


class AwsPriceListSource:
    """Prices from the AWS Price List API, one GetProducts call sequence per distinct query,
    queries in parallel, answers cached on disk when a :class:`PriceCache` is given."""

    name = "aws"

    def __init__(
        self,
        session: boto3.Session | None = None,
        *,
        profile: str | None = None,
        endpoint_url: str | None = None,
        api_region: str = PRICING_API_REGION,
        cache: AnswerCache | None = None,
        max_workers: int = DEFAULT_MAX_WORKERS,
        max_attempts: int = DEFAULT_MAX_ATTEMPTS,
        connect_timeout: float = 5,
        read_timeout: float = 30,
    ) -> None:
        if max_workers < 1 or max_attempts < 1:
            raise ValueError("max_workers and max_attempts must be at least 1")
        self._session = session
        self.profile = profile
        self.endpoint_url = endpoint_url
        self.api_region = api_region
        self.cache = cache
        self.max_workers = max_workers
        self._config = Config(
            retries={"mode": "standard", "total_max_attempts": max_attempts},
            max_pool_connections=max_workers,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            user_agent_extra="costcheck",
        )
        self._client: Any = None
        self._client_lock = threading.Lock()
        # Cached answers depend on who answered: a test server's are not AWS's. botocore also
        # takes the endpoint from these variables, so they name the answerer too.
        endpoint = (
            endpoint_url
            or os.environ.get("AWS_ENDPOINT_URL_PRICING")
            or os.environ.get("AWS_ENDPOINT_URL")
        )
        self._cache_namespace = f"aws@{endpoint}" if endpoint else "aws"

    def lookup(self, queries: Sequence[PriceQuery]) -> Mapping[PriceQuery, PriceResult]:
        """An answer for each distinct query; raises :class:`PricingError` when the API fails for
        any of them (no credentials, access denied, throttled past the retries, unreachable)."""
        outcomes = self.lookup_outcomes(queries)
        failures = [o for o in outcomes.values() if isinstance(o, QueryFailure)]
        if failures:
            failures.sort(key=lambda f: not f.fatal)
            raise failures[0].error()
        return {q: o for q, o in outcomes.items() if not isinstance(o, QueryFailure)}

    def lookup_outcomes(
        self, queries: Sequence[PriceQuery]
    ) -> dict[PriceQuery, PriceResult | QueryFailure]:
        """Like :meth:`lookup`, but a failed query's outcome is its failure, so a caller can
        answer that query elsewhere (see :class:`checker.pricing.factory.AutoSource`)."""
        outcomes: dict[PriceQuery, PriceResult | QueryFailure] = {}
        missing: list[PriceQuery] = []
        for query in dict.fromkeys(queries):
            cached = self.cache.get(self._cache_namespace, query) if self.cache else None
            if cached is None:
                missing.append(query)
            else:
                outcomes[query] = cached
        if not missing:
            return outcomes
        try:
            client = self._get_client()
        except BotoCoreError as err:  # a named profile that does not exist, a broken config file
            failure = QueryFailure(f"cannot set up the AWS SDK: {err}", fatal=True)
            return outcomes | dict.fromkeys(missing, failure)
        fatal: list[QueryFailure] = []  # the first fatal failure stops queries not yet started
        workers = min(self.max_workers, len(missing))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pricing") as pool:
            answers = pool.map(lambda q: self._answer(client, q, fatal), missing)
            outcomes.update(zip(missing, answers, strict=True))
        return outcomes

    def _answer(
        self, client: Any, query: PriceQuery, fatal: list[QueryFailure]
    ) -> PriceResult | QueryFailure:
        if fatal:
            return fatal[0]
        try:
            answer = select_price(query, self._products(client, query))
        except _TooBroad as err:
            answer = PriceUnavailable(
                f"the query matches more than {err.count} products, too broad to price "
                f"({describe_query(query)})"
            )
        except (ClientError, BotoCoreError) as err:
            outcome = self._translate(err, query)
            if isinstance(outcome, QueryFailure) and outcome.fatal:
                fatal.append(outcome)  # list.append is atomic: no lock needed
            return outcome
        if self.cache is not None:
            self.cache.put(self._cache_namespace, query, answer)
        return answer

    def _products(self, client: Any, query: PriceQuery) -> list[dict[str, Any]]:
        paginator = client.get_paginator("get_products")
        pages = paginator.paginate(
            ServiceCode=query.service_code,
            Filters=build_filters(query),
            FormatVersion=FORMAT_VERSION,
            PaginationConfig={"PageSize": PAGE_SIZE},
        )
        products: list[dict[str, Any]] = []
        for page in pages:
            # Each item is a JSON document in a string (the model's ``jsonvalue`` members).
            products.extend(json.loads(i) if isinstance(i, str) else i for i in page["PriceList"])
            if len(products) > MAX_PRODUCTS:
                raise _TooBroad(MAX_PRODUCTS)
        return products

    def _get_client(self) -> Any:
        with self._client_lock:
            if self._client is None:
                session = self._session or boto3.Session(profile_name=self.profile)
                self._client = session.client(
                    "pricing",
                    region_name=self.api_region,
                    endpoint_url=self.endpoint_url,
                    config=self._config,
                )
            return self._client

    def _translate(self, err: Exception, query: PriceQuery) -> PriceResult | QueryFailure:
        """A botocore error as an answer (the query is wrong) or a failure a user can act on."""
        endpoint = self.endpoint_url or f"the AWS Price List API ({self.api_region})"
        if isinstance(err, (NoCredentialsError, PartialCredentialsError)):
            return QueryFailure(
                f"no usable AWS credentials for the Price List API ({err}): set "
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (after "
                "`aws configure` or `aws sso login`)",
                fatal=True,
            )
        if isinstance(err, (BotoConnectionError, ConnectionClosedError, ReadTimeoutError)):
            return QueryFailure(
                f"cannot reach {endpoint}: {err}; check the network or the proxy settings "
                "(HTTPS_PROXY)",
                fatal=True,
            )
        if not isinstance(err, ClientError):
            return QueryFailure(f"the AWS SDK failed for {query.describe()}: {err}", fatal=False)
        code = str(err.response.get("Error", {}).get("Code", ""))
        message = str(err.response.get("Error", {}).get("Message", ""))
        if code in ("AccessDeniedException", "AccessDenied"):
            return QueryFailure(
                f"access denied by {endpoint} ({message}): the AWS identity needs the IAM "
                "permission pricing:GetProducts (e.g. the AWS managed policy "
                "AWSPriceListServiceFullAccess)",
                fatal=True,
            )
        if code in _CREDENTIAL_ERRORS:
            return QueryFailure(
                f"AWS rejected the credentials ({code}: {message}): refresh them "
                "(`aws sso login`, new access keys)",
                fatal=True,
            )
        if code == "ThrottlingException":
            attempts = err.response.get("ResponseMetadata", {}).get("RetryAttempts", 0) + 1
            return QueryFailure(
                f"{endpoint} kept throttling requests (ThrottlingException after {attempts} "
                f"attempts, for {query.describe()}): retry later",
                fatal=False,
            )
        if code in ("NotFoundException", "InvalidParameterException"):
            return PriceUnavailable(
                f"the AWS Price List API refused the query ({code}: {message}; "
                f"{describe_query(query)})"
            )
        return QueryFailure(f"{endpoint} failed for {query.describe()}: {code}: {message}", False)


class _TooBroad(Exception):
    """A query whose answer exceeds :data:`MAX_PRODUCTS` (raised inside the page loop)."""

    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count
