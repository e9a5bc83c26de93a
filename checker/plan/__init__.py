"""Reading Terraform plans into :class:`checker.model.Plan`.

:func:`load_plan_file` reads a file (plan JSON or a binary plan); :func:`parse_plan_document`
reads the JSON document itself, whether terraform or costcheck's HCL evaluator wrote it.
"""

from checker.plan.loader import default_region_from, load_plan_file, parse_plan_document

__all__ = ["default_region_from", "load_plan_file", "parse_plan_document"]
