"""Terraform RDS engine names -> the Price List words for them.

``aws_db_instance.engine`` (``postgres``, ``oracle-se2-cdb``, ``sqlserver-web``...) and
``license_model`` become the ``databaseEngine``, ``databaseEdition`` and ``licenseModel`` values the
AmazonRDS ``Database Instance`` products carry (verbatim from the price data):

* databaseEngine: MySQL, PostgreSQL, MariaDB, Oracle, SQL Server, Db2, Aurora MySQL,
  Aurora PostgreSQL;
* databaseEdition: Oracle ``Enterprise`` / ``Standard Two``, SQL Server ``Enterprise`` /
  ``Standard`` / ``Web`` / ``Express`` (no other engine has one);
* licenseModel: ``No license required``, ``License included``, ``Bring your own license``,
  ``Marketplace`` (Db2 licensed through AWS Marketplace).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from checker.model import Missing

NO_LICENSE = "No license required"
LICENSE_INCLUDED = "License included"
BYOL = "Bring your own license"
MARKETPLACE = "Marketplace"

# Terraform/RDS API license_model values -> Price List licenseModel.
_LICENSE_MODELS: Mapping[str, str] = {
    "license-included": LICENSE_INCLUDED,
    "bring-your-own-license": BYOL,
    "marketplace-license": MARKETPLACE,
    "general-public-license": NO_LICENSE,
    "postgresql-license": NO_LICENSE,
}

# gp3 storage: allocated storage from which RDS stripes the volume and the included baseline
# rises from 3,000 IOPS / 125 MiB/s to 12,000 IOPS / 500 MiB/s. 400 GiB for Db2, MariaDB,
# MySQL and PostgreSQL, 200 GiB for Oracle; SQL Server does not stripe, so it keeps the lower
# baseline at every size (Amazon RDS User Guide, "Amazon RDS DB instance storage", gp3 storage:
# https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Storage.html#gp3-storage).
GP3_STRIPING_GB = Decimal(400)
GP3_STRIPING_GB_ORACLE = Decimal(200)


@dataclass(frozen=True)
class RdsEngine:
    """One engine as the Price List knows it."""

    database_engine: str
    label: str  # shown in component names: "MySQL", "SQL Server Standard", "Oracle SE2"
    edition: str | None = None
    license_model: str = NO_LICENSE
    aurora: bool = False
    sql_server: bool = False  # Multi-AZ is billed with "Mirror" usage types
    gp3_striping_gb: Decimal | None = GP3_STRIPING_GB  # None: the baseline never rises

    @property
    def license_label(self) -> str:
        """A short licence word for names: "", ", BYOL", ", license included"."""
        if self.license_model == BYOL:
            return ", BYOL"
        if self.license_model == MARKETPLACE:
            return ", Marketplace license"
        if self.license_model == LICENSE_INCLUDED and not self.sql_server:
            return ", license included"
        return ""


def rds_engine(
    engine: str | Missing | None, license_model: str | Missing | None
) -> RdsEngine | Missing:
    """The Price List view of an RDS engine, or why it cannot be known.

    ``license_model`` is the Terraform value (``bring-your-own-license``...), None when not set
    or Missing when known only after apply. Where AWS applies a single or a documented default
    licence the engine gets it; Oracle SE2 has two models at different prices and no documented
    default, so an unset ``license_model`` makes it unknown.
    """
    if isinstance(engine, Missing):
        return engine
    if engine is None:
        return Missing("unknown", "engine is not set", "engine")
    name = engine.strip().lower()
    if name.startswith("custom-"):
        return Missing("unknown", f"RDS Custom ({engine}) is not priced by costcheck", "engine")
    chosen = _license(license_model)
    if isinstance(chosen, Missing) and not isinstance(license_model, Missing):
        return chosen  # a value that is no licence model at all
    explicit = chosen if isinstance(chosen, str) else None
    if name in _OPEN_SOURCE:
        label = _OPEN_SOURCE[name]
        return RdsEngine(label, label)
    if name in ("aurora", "aurora-mysql"):
        return RdsEngine("Aurora MySQL", "Aurora MySQL", aurora=True)
    if name == "aurora-postgresql":
        return RdsEngine("Aurora PostgreSQL", "Aurora PostgreSQL", aurora=True)
    if name.removesuffix("-cdb") in _ORACLE:
        return _oracle(name.removesuffix("-cdb"), engine, explicit, license_model)
    if name in _SQL_SERVER:
        edition, label = _SQL_SERVER[name]
        # RDS for SQL Server is license-included only.
        return RdsEngine(
            "SQL Server",
            label,
            edition,
            explicit or LICENSE_INCLUDED,
            sql_server=True,
            gp3_striping_gb=None,
        )
    if name in _DB2:
        # "The default for RDS for Db2 is bring-your-own-license" (CreateDBInstance,
        # LicenseModel). With a Marketplace licence IBM bills the licence through AWS
        # Marketplace on top of the instance hours priced here.
        return RdsEngine("Db2", _DB2[name], license_model=explicit or BYOL)
    return Missing("unknown", f"engine {engine!r} is not an RDS engine costcheck knows", "engine")


_OPEN_SOURCE: Mapping[str, str] = {"mysql": "MySQL", "postgres": "PostgreSQL", "mariadb": "MariaDB"}
# engine (without -cdb) -> (databaseEdition, label)
_ORACLE: Mapping[str, tuple[str, str]] = {
    "oracle-ee": ("Enterprise", "Oracle EE"),
    "oracle-se2": ("Standard Two", "Oracle SE2"),
    "oracle-se1": ("Standard One", "Oracle SE1"),
    "oracle-se": ("Standard", "Oracle SE"),
}
_SQL_SERVER: Mapping[str, tuple[str, str]] = {
    "sqlserver-ee": ("Enterprise", "SQL Server Enterprise"),
    "sqlserver-se": ("Standard", "SQL Server Standard"),
    "sqlserver-web": ("Web", "SQL Server Web"),
    "sqlserver-ex": ("Express", "SQL Server Express"),
}
_DB2: Mapping[str, str] = {"db2-se": "Db2 Standard", "db2-ae": "Db2 Advanced"}


def _license(value: str | Missing | None) -> str | Missing | None:
    if value is None or isinstance(value, Missing):
        return value
    mapped = _LICENSE_MODELS.get(value.strip().lower())
    if mapped is None:
        return Missing(
            "unknown", f"license_model {value!r} is not an RDS licence model", "license_model"
        )
    return mapped


def _oracle(
    base: str, engine: str, explicit: str | None, license_model: str | Missing | None
) -> RdsEngine | Missing:
    edition, label = _ORACLE[base]
    if base == "oracle-ee" and explicit is None:
        explicit = BYOL  # Enterprise Edition is offered only with your own licence on RDS.
    if explicit is None:
        state = "is known only after apply" if isinstance(license_model, Missing) else "is not set"
        return Missing(
            "unknown",
            f"license_model {state}, and {engine} is billed at different prices with "
            "license-included and bring-your-own-license: set license_model to price it",
            "license_model",
        )
    return RdsEngine("Oracle", label, edition, explicit, gp3_striping_gb=GP3_STRIPING_GB_ORACLE)
