"""Choosing a price source for ``--pricing-source catalog|aws|auto``.

``auto`` asks the AWS Price List API when AWS credentials are at hand and the offline catalog for
every price the API did not give; without credentials it is the catalog alone.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from checker.errors import InputError
from checker.model import Price, PriceQuery, PriceResult, PriceUnavailable
from checker.pricing.failure import QueryFailure
from checker.pricing.source import PriceSource

# The AWS SDK takes a fifth of a second to import: it is imported where the aws or auto source
# is built, never for the default catalog source.
if TYPE_CHECKING:
    import boto3
    import botocore.session

    from checker.pricing.aws_api import AwsPriceListSource

log = logging.getLogger(__name__)

SourceKind = Literal["catalog", "aws", "auto"]
SOURCE_KINDS: tuple[SourceKind, ...] = ("catalog", "aws", "auto")

# Credential providers that need a network call just to learn whether they have credentials
# (EC2 instance metadata, the ECS/EKS container endpoint): `auto` does not probe them.
_NETWORK_PROVIDERS = ("iam-role", "container-role")
_CONTAINER_ENV = ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI")


def make_price_source(
    kind: SourceKind,
    *,
    endpoint_url: str | None = None,
    cache_dir: Path | str | None = None,
    cache_ttl: timedelta | None = None,
    use_cache: bool = True,
    profile: str | None = None,
    api_region: str | None = None,
    max_workers: int | None = None,
    catalog_factory: Callable[[], PriceSource] | None = None,
) -> PriceSource:
    """The price source ``kind`` names.

    ``endpoint_url``, ``api_region``, ``profile`` and ``max_workers`` shape the API source
    (None: :mod:`checker.pricing.aws_api`'s ``PRICING_API_REGION`` and ``DEFAULT_MAX_WORKERS``);
    ``cache_dir`` (default :func:`checker.pricing.cache.default_cache_dir`), ``cache_ttl``
    (None: its ``DEFAULT_TTL``) and ``use_cache`` its disk cache (SQLite, loaded only here). ``catalog_factory`` opens the catalog (default
    ``Catalog.open()``); ``auto`` opens it only when a price needs it.
    """
    open_catalog = catalog_factory or _open_catalog
    if kind == "catalog":
        return open_catalog()
    if kind not in SOURCE_KINDS:
        raise InputError(f"unknown pricing source {kind!r}: use one of {', '.join(SOURCE_KINDS)}")
    require_aws_sdk(kind)
    # One botocore session: the profile is checked in it, credentials probed in it, and the
    # API's client made from it (each session reads the AWS config files again).
    import botocore.session

    core = botocore.session.Session(profile=profile)
    if profile is not None:
        require_profile(profile, core)
    if kind == "auto" and not has_aws_credentials(profile, core):
        return AutoSource(open_catalog, api=None)
    from checker.pricing import aws_api
    from checker.pricing.cache import DEFAULT_TTL, open_cache

    api = aws_api.AwsPriceListSource(
        _api_session(core),
        profile=profile,
        endpoint_url=endpoint_url,
        api_region=aws_api.PRICING_API_REGION if api_region is None else api_region,
        cache=open_cache(cache_dir, DEFAULT_TTL if cache_ttl is None else cache_ttl)
        if use_cache
        else None,
        max_workers=aws_api.DEFAULT_MAX_WORKERS if max_workers is None else max_workers,
    )
    return api if kind == "aws" else AutoSource(open_catalog, api=api)


def require_profile(profile: str, session: botocore.session.Session) -> None:
    """A profile the AWS config and credentials files do not define is a usage mistake (exit 2,
    naming those there are), not a price source that cannot answer (exit 3 is for credentials
    that are missing, refused or expired). ``auto`` no longer falls back to the catalog on it.
    ``session``: the run's botocore session (its files are read once)."""
    from botocore.exceptions import BotoCoreError

    from checker.safe_text import clip

    try:
        known = session.available_profiles
    except BotoCoreError:
        return  # a broken config file: the API source says so when it is used (exit 3)
    if profile not in known:
        shown = ", ".join(clip(p, 40) for p in sorted(known)[:10]) or "none"
        raise InputError(
            f"--aws-profile {clip(profile, 60)!r} is not defined in the AWS config or "
            f"credentials files (defined: {shown}); create it with `aws configure --profile "
            f"{clip(profile, 60)}` (or `aws configure sso`), or name a defined profile"
        )


def _api_session(core: botocore.session.Session) -> boto3.Session | None:
    """The boto3 session the API source makes its client from, on ``core``; None when the
    configuration cannot make one (AWS_PROFILE names no profile): the source then says so when
    it is first asked (exit 3), as it always has."""
    import boto3
    from botocore.exceptions import BotoCoreError

    try:
        return boto3.Session(botocore_session=core)
    except BotoCoreError:
        return None


def require_aws_sdk(kind: str) -> None:
    """The AWS SDK is the ``aws`` extra (``pip install '.[aws]'``): the offline
    catalog, the default, does not need it. Missing, ``aws``/``auto`` is an input error."""
    try:
        import boto3  # noqa: F401
        import botocore  # noqa: F401
    except ImportError:
        raise InputError(
            f"--pricing-source {kind} needs the AWS SDK (boto3), which is not installed; "
            # costcheck is not on PyPI: `pip install 'costcheck[aws]'` would fetch a stranger's
            # package of that name, if any. The SDK itself is what is missing.
            "install it into costcheck's environment (the aws extra: pip install 'boto3>=1.34', "
            "or pip install '.[aws]' in a checkout of costcheck) "
            "(or use the offline catalog: --pricing-source catalog)"
        ) from None


def has_aws_credentials(
    profile: str | None = None, session: botocore.session.Session | None = None
) -> bool:
    """True when botocore's credential chain finds credentials without a network call:
    environment, shared credentials and config files (profiles, SSO, assume-role,
    credential_process), or a container credentials endpoint named in the environment.
    ``session``: the run's botocore session, of ``profile`` (else one is made).

    Instance-metadata credentials are not probed (that needs a request that times out on every
    machine outside EC2): on EC2 use ``--pricing-source aws``.
    """
    if any(os.environ.get(name) for name in _CONTAINER_ENV):
        return True
    import botocore.credentials
    import botocore.session
    from botocore.exceptions import BotoCoreError

    try:
        session = session or botocore.session.Session(profile=profile)
        # A resolver of its own: the session's (which its clients use) keeps every provider.
        resolver = botocore.credentials.create_credential_resolver(session)
        for name in _NETWORK_PROVIDERS:
            resolver.remove(name)
        return resolver.load_credentials() is not None
    except BotoCoreError as err:
        log.warning("AWS credentials could not be read (%s): pricing from the catalog", err)
        return False


class AutoSource:
    """The AWS API where it answers, the catalog for every other price.

    Each :class:`Price` says in ``source`` who answered ("aws" or "catalog"). A price neither
    has is a :class:`PriceUnavailable` giving both reasons.
    """

    name = "auto"

    def __init__(
        self, catalog_factory: Callable[[], PriceSource], api: AwsPriceListSource | None
    ) -> None:
        self._catalog_factory = catalog_factory
        self._catalog: PriceSource | None = None
        self.api = api

    def lookup(self, queries: Sequence[PriceQuery]) -> Mapping[PriceQuery, PriceResult]:
        """An answer for each distinct query: the API's price, else the catalog's."""
        distinct = list(dict.fromkeys(queries))
        from_api = self.api.lookup_outcomes(distinct) if self.api else {}
        _warn_failures(from_api.values())
        rest = [q for q in distinct if not isinstance(from_api.get(q), Price)]
        from_catalog = self.catalog().lookup(rest) if rest else {}
        answers: dict[PriceQuery, PriceResult] = {}
        for query in distinct:
            api_answer = from_api.get(query)
            catalog_answer = from_catalog.get(query)
            if isinstance(api_answer, Price):
                answers[query] = api_answer
            elif isinstance(catalog_answer, Price):
                answers[query] = catalog_answer
            else:
                answers[query] = _both_missing(api_answer, catalog_answer, self.api is not None)
        return answers

    def catalog(self) -> PriceSource:
        """The catalog, opened on first use (a run the API fully answers never opens it)."""
        if self._catalog is None:
            self._catalog = self._catalog_factory()
        return self._catalog


def _warn_failures(outcomes: Iterable[PriceResult | QueryFailure]) -> None:
    """One warning per distinct API failure, so a user sees why prices came from the catalog."""
    seen: set[str] = set()
    for outcome in outcomes:
        if isinstance(outcome, QueryFailure) and outcome.reason not in seen:
            seen.add(outcome.reason)
            log.warning("AWS Price List API: %s; using the catalog instead", outcome.reason)


def _both_missing(
    api_answer: PriceResult | QueryFailure | None,
    catalog_answer: PriceResult | None,
    api_used: bool,
) -> PriceUnavailable:
    catalog_reason = (
        catalog_answer.reason
        if isinstance(catalog_answer, PriceUnavailable)
        else "the catalog gave no answer"
    )
    if not api_used:
        # Only the catalog's answer is given: its kind with it (a "no offline price" stays one).
        return PriceUnavailable(
            f"{catalog_reason} (AWS API not used: no AWS credentials found)",
            catalog_answer.kind if isinstance(catalog_answer, PriceUnavailable) else "no_price",
        )
    api_reason = (
        api_answer.reason
        if isinstance(api_answer, (QueryFailure, PriceUnavailable))
        else "no answer"
    )
    return PriceUnavailable(f"AWS API: {api_reason}; catalog: {catalog_reason}")


def _open_catalog() -> PriceSource:
    # Imported here: the catalog loads its data only when a command needs it.
    from checker.pricing.catalog import Catalog

    catalog: PriceSource = Catalog.open()
    return catalog
