"""A resource's tags as Terraform will apply them: ``tags_all`` (``tags`` merged over the
provider's ``default_tags``) where the plan knows it, else ``tags`` with the ``default_tags`` of
the provider configuration the resource uses.

The AWS provider plans ``tags_all`` as unknown for a resource with no tags at all (and for one
whose tags hold an empty value), whether or not its provider has ``default_tags``. So "tags_all
unknown and the tag not in tags" is a missing tag when the provider configuration the resource
uses (:attr:`~checker.model.Resource.provider_config_key`) has no ``default_tags``, a present
one when its known ``default_tags`` hold the key, and unknown when its ``default_tags`` are an
expression the plan does not show the value of (``tags = local.common``), when they come through
a variable that lacks the key (the plan cannot tell ``var.tags`` from ``merge(var.tags, ...)``),
or when the plan does not hold that configuration at all. The plan loader reads them, per key, into
:attr:`~checker.model.Plan.default_tags` (see :func:`checker.plan.providers.provider_default_tags`).

An ``aws_autoscaling_group`` has no ``tags`` map: its tags are ``tag`` blocks, and the ones with
``propagate_at_launch`` reach the instances it launches, which are what costs. Those are its
tags here; the provider's ``default_tags`` do not apply to it.

Which AWS types take tags at all comes from the provider's own schema
(:mod:`checker.policy.aws_types`), so a resource written without a ``tags`` argument is still
checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from checker.model import DefaultTags, Resource
from checker.policy.aws_types import taggable_types
from checker.policy.redact import is_sensitive


def is_taggable(resource: Resource) -> bool:
    """True when the resource type takes tags (per the provider schema, or the plan shows them;
    an ASG takes ``tag`` blocks instead of a ``tags`` argument)."""
    values = resource.attributes.values
    return (
        resource.type in taggable_types()
        or resource.type == ASG_TYPE
        or "tags" in values
        or "tags_all" in values
        or resource.attributes.is_unknown("tags")
    )


@dataclass(frozen=True)
class TagValue:
    """One tag as far as it is known: present or not, its value, and why it is unknown."""

    present: bool | None  # None: cannot tell before apply
    value: Any = None
    unknown_reason: str | None = None
    sensitive: bool = False


def tag(
    resource: Resource, key: str, defaults: Mapping[str, DefaultTags] | None = None
) -> TagValue:
    """The tag ``key`` of ``resource`` after the change. ``defaults`` (the plan's
    :attr:`~checker.model.Plan.default_tags`) tells what the resource's provider configuration
    adds when ``tags_all`` is known only after apply (a key absent, or no ``defaults``: cannot
    tell, so such a tag is unknown)."""
    attrs = resource.attributes
    if resource.type == ASG_TYPE:
        return _asg_tag(resource, key)
    merged_known = "tags_all" in attrs.values and not attrs.is_unknown("tags_all")
    if merged_known:
        return _lookup(resource, "tags_all", key, missing=TagValue(False))
    if attrs.is_unknown("tags"):
        return TagValue(None, unknown_reason=f"{resource.address}: tags are known only after apply")
    if attrs.is_unknown("tags_all"):
        missing = _from_default_tags(resource, key, defaults)
    else:  # no merged view in this input: judge by tags alone
        missing = TagValue(False)
    return _lookup(resource, "tags", key, missing=missing)


ASG_TYPE = "aws_autoscaling_group"


def _asg_tag(resource: Resource, key: str) -> TagValue:
    """The tag ``key`` among an ASG's ``tag`` blocks that propagate to its instances."""
    attrs = resource.attributes
    if attrs.is_unknown("tag"):
        return TagValue(None, unknown_reason=f"{resource.address}: tag is known only after apply")
    blocks = attrs.values.get("tag")
    unsure: str | None = None
    for index, block in enumerate(blocks if isinstance(blocks, list) else ()):
        path = f"tag.{index}"
        if not isinstance(block, Mapping):
            continue
        if attrs.is_unknown(f"{path}.key") or attrs.is_unknown(path):
            unsure = f"{resource.address}: the key of tag block {index} is known only after apply"
            continue
        if block.get("key") != key:
            continue
        if attrs.is_unknown(f"{path}.propagate_at_launch"):
            unsure = (
                f"{resource.address}: whether tag {key} propagates to the instances is known "
                "only after apply"
            )
            continue
        if block.get("propagate_at_launch") is not True:
            continue  # on the group only: the instances, which cost, do not carry it
        if attrs.is_unknown(f"{path}.value"):
            return TagValue(
                True, unknown_reason=f"{resource.address}: tag {key} is known only after apply"
            )
        return TagValue(True, block.get("value"), sensitive=is_sensitive(attrs, f"{path}.value"))
    return TagValue(None, unknown_reason=unsure) if unsure else TagValue(False)


def _from_default_tags(
    resource: Resource, key: str, defaults: Mapping[str, DefaultTags] | None
) -> TagValue:
    """A tag the resource's own tags lack, when only its provider's default_tags could add it."""
    provider = resource.provider_config_key
    found = defaults.get(provider) if defaults is not None else None
    if found is None:
        return TagValue(
            None,
            unknown_reason=f"{resource.address}: tags_all is known only after apply, and {key} "
            f"may come from the default_tags of provider {provider}, which costcheck could not "
            "read",
        )
    if not found.known:
        return TagValue(
            None,
            unknown_reason=f"{resource.address}: {key} may come from the default_tags of "
            f"provider {provider}, whose value the plan does not show",
        )
    value = found.tags.get(key)
    if value is not None:
        return TagValue(True, value)
    if not found.exhaustive:
        return TagValue(
            None,
            unknown_reason=f"{resource.address}: {key} is not in the variable the default_tags "
            f"of provider {provider} refer to, but the expression around it (a merge) may add "
            "it, and the plan does not show that expression",
        )
    return TagValue(False)


def _lookup(resource: Resource, field: str, key: str, *, missing: TagValue) -> TagValue:
    attrs = resource.attributes
    path = f"{field}.{key}"
    sensitive = is_sensitive(attrs, path)
    if attrs.is_unknown(path):  # the plan may leave an unknown map value out of the values
        reason = attrs.unknown_reasons.get(path, f"tag {key} is known only after apply")
        return TagValue(True, unknown_reason=f"{resource.address}: {reason}", sensitive=sensitive)
    tags = attrs.values.get(field)
    if not isinstance(tags, Mapping) or key not in tags:
        return missing
    return TagValue(True, tags[key], sensitive=sensitive)
