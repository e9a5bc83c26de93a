"""Every priced type's entry is what its module declares (PricedType.of): a module's FOLLOWS,
FOLLOWS_ON, DEFAULTS or effective_values cannot be left out of its group's TYPES."""

from __future__ import annotations

import re
import sys
from types import ModuleType

import pytest

from checker.resources import TYPES
from checker.resources.base import PricedType, follow
from checker.resources.network import aws_lb
from checker.resources.usage_schema import UsageSchema


@pytest.mark.parametrize("kind", sorted(TYPES))
def test_each_priced_type_is_what_its_module_declares(kind: str) -> None:
    priced = TYPES[kind]
    module = sys.modules[priced.price.__module__]  # the module that defines the pricer
    assert module.__name__.startswith("checker.resources.")
    assert priced == PricedType.of(module)


def test_an_entry_leaving_out_a_declaration_is_not_its_module() -> None:
    # What the test above catches: aws_lb follows its subnets and reads AWS's defaults.
    assert aws_lb.FOLLOWS and aws_lb.DEFAULTS
    assert PricedType(aws_lb.price, aws_lb.USAGE) != PricedType.of(aws_lb)
    assert PricedType.of(aws_lb).follows == aws_lb.FOLLOWS
    assert PricedType.of(aws_lb).defaulted == aws_lb.DEFAULTS


def _module(**declarations: object) -> ModuleType:
    module = ModuleType("checker.resources.test_module")
    module.price = lambda view: []  # type: ignore[attr-defined]
    module.USAGE = UsageSchema.of()  # type: ignore[attr-defined]
    for name, value in declarations.items():
        setattr(module, name, value)
    return module


@pytest.mark.parametrize(
    ("declarations", "says"),
    [
        ({"USAGE": None}, "needs price() and a USAGE schema"),
        ({"price": "not a function"}, "needs price() and a USAGE schema"),
        ({"FOLLOWS": follow("subnet_id", to="aws_subnet")}, "FOLLOWS must be a tuple"),
        ({"FOLLOWS_ON": {"aws_x": "y"}}, "FOLLOWS_ON must map"),
        ({"DEFAULTS": "internal"}, "DEFAULTS must be a tuple"),
        ({"effective_values": {"a": 1}}, "effective_values must be a function"),
    ],
)
def test_a_declaration_of_the_wrong_kind_is_refused(
    declarations: dict[str, object], says: str
) -> None:
    with pytest.raises(TypeError, match=re.escape(says)):
        PricedType.of(_module(**declarations))


def test_a_module_without_declarations_has_none() -> None:
    module = _module()
    priced = PricedType.of(module)
    assert (priced.follows, dict(priced.follows_on), priced.defaulted) == ((), {}, ())
    assert priced.effective_values is None
