"""Pricers for the databases group: one module per resource type, mapped here by type."""

from collections.abc import Mapping

from checker.resources.base import Pricer

PRICERS: Mapping[str, Pricer] = {}
