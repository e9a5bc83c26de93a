"""Cost policies as code: YAML policies evaluated over a priced plan.

The road: :func:`checker.policy.loader.load_policies` (sources -> validated, merged
:class:`~checker.policy.loader.PolicySet`) -> :func:`checker.policy.evaluate.evaluate_policies`
(policies x :class:`~checker.model.Estimate` -> :class:`~checker.policy.model.CheckReport`) ->
:mod:`checker.report.policy_table` / :mod:`checker.report.policy_json` / the comment's
policy sections (:mod:`checker.report.markdown`).

Modules: ``spec`` (the vocabulary, once), ``validate``
(YAML -> model, every problem placed; the JSON Schemas beside it are generated from ``spec`` by
``python -m tools.policy_schema``), ``model`` (frozen dataclasses), ``globs``, ``scope``,
``aws_types`` (the provider's resource types; ``python -m tools.taggable_gen`` rebuilds their
data file), ``costs`` (cost ranges: unknown never
passes), ``conditions`` (checkov operators, three-valued), ``tags`` (``tags_all``, else ``tags``
with the provider's ``default_tags`` the plan carries: :attr:`checker.model.Plan.default_tags`),
``redact`` (sensitive values), ``rules`` (one function per rule kind), ``money``, ``messages``
and ``templates`` (default sentences; the bounded Jinja2 sandbox), ``exemptions``, ``suppress``
and ``hcl_comments`` (inline ``costcheck:ignore`` in real comments), ``evaluate``, ``explain``,
``fixtures`` and ``testing`` (policy unit tests).
"""
