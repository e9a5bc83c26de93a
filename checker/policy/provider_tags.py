"""What a provider configuration's ``default_tags`` add to the tags of the resources using it.

The AWS provider plans ``tags_all`` as unknown for a resource with no tags at all (and for one
whose tags hold an empty value), whether or not its provider has ``default_tags``. So "tags_all
unknown and the tag not in tags" is a missing tag when the provider configuration the resource
uses (:attr:`~checker.model.Resource.provider_config_key`) has no ``default_tags``, a present
one when its constant ``default_tags`` hold the key, and unknown only when its ``default_tags``
are an expression the plan does not show the value of (``tags = local.common``).

The configuration lives in the plan document (``configuration.provider_config``, written the same
way by terraform and by costcheck's HCL evaluator); :class:`~checker.model.Plan` does not carry
it, so :class:`ProviderDefaults` takes a loader and calls it at most once, when a tag decision
first needs it (see :mod:`checker.policy.inputs`).

Integration note: the clean road is for the plan loader to keep the configuration it already
parses, e.g. ``Plan.provider_configs`` filled by ``checker.plan.document.parse_plan_document``
from ``configuration.provider_config``; ``ProviderDefaults.of(estimate.plan.provider_configs)``
then replaces the second read in :mod:`checker.policy.inputs` (and works for binary plans).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

ProviderConfigs = Mapping[str, Any]  # the plan document's configuration.provider_config


@dataclass(frozen=True)
class DefaultTags:
    """The tags one provider configuration adds: ``known`` False when its ``default_tags`` are
    an expression whose value the plan does not show."""

    known: bool
    tags: Mapping[str, Any] = field(default_factory=dict)


NO_DEFAULT_TAGS = DefaultTags(known=True)
UNREADABLE = DefaultTags(known=False)


def default_tags_of(entry: Any) -> DefaultTags:
    """The ``default_tags`` of one ``provider_config`` entry (absent: none)."""
    expressions = entry.get("expressions") if isinstance(entry, Mapping) else None
    blocks = expressions.get("default_tags") if isinstance(expressions, Mapping) else None
    if not blocks:
        return NO_DEFAULT_TAGS
    if not isinstance(blocks, list):
        return UNREADABLE
    merged: dict[str, Any] = {}
    for block in blocks:
        tags = block.get("tags") if isinstance(block, Mapping) else None
        if tags is None:
            continue  # a default_tags block without tags adds none
        if not isinstance(tags, Mapping) or "constant_value" not in tags:
            return UNREADABLE  # a reference: a local, a variable, a function call
        value = tags["constant_value"]
        if value is None:
            continue
        if not isinstance(value, Mapping):
            return UNREADABLE
        merged.update({k: v for k, v in value.items() if v is not None})
    return DefaultTags(known=True, tags=merged)


class ProviderDefaults:
    """``default_tags`` per provider configuration key, from a loader called on first use.

    The loader returns the plan document's ``configuration.provider_config``, or None when it
    cannot be read; then, and for a key the configuration does not hold, :meth:`for_key` is None
    ("cannot tell").
    """

    def __init__(self, load: Callable[[], ProviderConfigs | None]) -> None:
        self._load: Callable[[], ProviderConfigs | None] | None = load
        self._configs: ProviderConfigs | None = None
        self._answers: dict[str, DefaultTags | None] = {}

    @classmethod
    def of(cls, provider_config: ProviderConfigs | None) -> ProviderDefaults:
        """Defaults over an already read ``provider_config`` (None: not known)."""
        return cls(lambda: provider_config)

    @classmethod
    def from_document(cls, document: Any) -> ProviderDefaults:
        """Defaults over a plan document (terraform's, or the HCL evaluator's)."""
        return cls.of(provider_configs_of(document))

    def for_key(self, key: str) -> DefaultTags | None:
        """What the provider configuration ``key`` adds; None when that cannot be told."""
        if key not in self._answers:
            self._answers[key] = self._answer(key)
        return self._answers[key]

    def _answer(self, key: str) -> DefaultTags | None:
        if self._load is not None:
            self._configs, self._load = self._load(), None
        configs = self._configs
        if configs is None:
            return None
        entry = configs.get(key)
        if entry is None and ":" in key:
            # Terraform before 1.0 wrote "<module>:aws" for a provider a module inherits.
            entry = configs.get(key.rsplit(":", 1)[1])
        return None if entry is None else default_tags_of(entry)


def provider_configs_of(document: Any) -> ProviderConfigs | None:
    """``configuration.provider_config`` of a plan document, or None when it has none."""
    configuration = document.get("configuration") if isinstance(document, Mapping) else None
    configs = configuration.get("provider_config") if isinstance(configuration, Mapping) else None
    return configs if isinstance(configs, Mapping) else None
