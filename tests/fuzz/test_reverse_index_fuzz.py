"""The reverse-reference index read through the sensitivity watch's wrappers answers as an index
built over the wrapper would (the same resources, the same order), without building one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.model import Attributes, Resource
from checker.resources.base import PlanResources, ResourceView
from checker.sensitivity import Overlay, WatchedResources, perturbed

ADDRESSES = [f"aws_x.r{i}" for i in range(6)]
PATHS = ["cluster_identifier", "launch_template.0.id"]


@st.composite
def sides(draw: st.DrawFn) -> list[Resource]:
    resources = []
    for address in draw(st.lists(st.sampled_from(ADDRESSES), unique=True, max_size=6)):
        references = draw(
            st.dictionaries(
                st.sampled_from(PATHS),
                st.lists(st.sampled_from(ADDRESSES), max_size=3).map(tuple),
                max_size=2,
            )
        )
        sensitive = draw(st.sampled_from([frozenset(), frozenset({"secret"})]))
        resources.append(
            Resource(
                address=address,
                type=draw(st.sampled_from(["aws_x", "aws_y"])),
                name=address.split(".")[1],
                attributes=Attributes({"secret": "s3cr3t", "n": 1}, sensitive=sensitive),
                region="us-east-1",
                references=references,
            )
        )
    return resources


@given(sides(), st.sampled_from(ADDRESSES), st.sampled_from(PATHS), st.data())
def test_wrappers_answer_as_an_index_of_themselves(
    side: list[Resource], target: str, path: str, data: st.DataObject
) -> None:
    index = PlanResources(side)
    watched = WatchedResources(index, set())
    probes = {
        r.address: perturbed(r, ["secret"])
        for r in data.draw(st.lists(st.sampled_from(side), max_size=3) if side else st.just([]))
    }
    overlay = Overlay(probes, index)
    for others in (watched, overlay, Overlay(probes, watched)):
        expected = PlanResources(others.values()).referring_to(target, path)
        found = others.referring_to(target, path)
        assert found is not None
        assert [(r.address, r.attributes.values) for r in found] == [
            (r.address, r.attributes.values) for r in expected
        ]
        for kind in ("aws_x", "aws_y"):
            view = ResourceView(resource=side[0] if side else _lone(), others=others)
            assert [r.address for r in view.others_referring(target, path, kind)] == [
                r.address for r in expected if r.type == kind
            ]


def _lone() -> Resource:
    return Resource("aws_x.none", "aws_x", "none", Attributes({}), "us-east-1")
