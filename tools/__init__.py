"""Developer tools: the generators that rewrite costcheck's committed data files.

Each runs from a checkout (``python -m tools.<name>``): ``schema_gen`` (the AWS provider's
defaults, ``checker/hcl/aws_schema_data.py``; needs terraform), ``taggable_gen`` (the provider's
resource types, ``checker/policy/aws_taggable.json``), ``policy_schema`` (the policy and
exemption JSON Schemas) and ``costcheck_schema`` (``schemas/costcheck.schema.json``). They import
``checker``; ``checker`` never imports them, and the wheel does not ship them (pyproject.toml).
"""
