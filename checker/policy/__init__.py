"""Cost policies as code: YAML policies evaluated over a priced plan.

The road: :func:`checker.policy.loader.load_policies` (sources -> validated, merged
:class:`~checker.policy.loader.PolicySet`) -> :func:`checker.policy.evaluate.evaluate_policies`
(policies x :class:`~checker.model.Estimate` -> :class:`~checker.policy.model.CheckReport`) ->
:mod:`checker.report.policy_table` / :mod:`checker.report.policy_json`.

Modules: ``spec`` (the vocabulary, once), ``validate`` (YAML -> model, every problem placed),
``schema`` (the JSON Schemas, generated), ``model`` (frozen dataclasses), ``globs``, ``scope``,
``costs`` (cost ranges: unknown never passes), ``conditions`` (checkov operators, three-valued),
``tags`` (with ``taggable_gen``, which rebuilds its data file), ``rules`` (one function per rule kind), ``messages``, ``exemptions``, ``suppress``
(inline ``costcheck:ignore``), ``evaluate``, ``explain``, ``fixtures`` and ``testing`` (policy
unit tests).
"""
