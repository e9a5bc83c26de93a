"""aws_flow_log's pricer never raises, whatever its destination type, destination options and
usage hold: its lines' quantities are unknown or finite and non-negative, reasons stay bounded,
and a destination type it prices always asks for CloudWatch's vended-log product of that kind."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.model import Attributes, PriceQuery, Resource
from checker.resources import TYPES
from checker.resources.base import ResourceView
from checker.resources.services.aws_cloudwatch_log_delivery import DESTINATIONS
from tests.fuzz.pricer_fuzz_support import assert_sane, draw_usage, json_values

READS = ("log_destination_type", "destination_options", "log_destination")
KINDS = {"cloud-watch-logs": "CWL", "s3": "S3", "kinesis-data-firehose": "FH"}

values = json_values(
    [
        [*KINDS, "S3", "cloudwatch", "firehose", " s3 ", ""],
        ["parquet", "plain-text", "PARQUET", "arn:aws:s3:::b", "arn:aws:logs:x"],
    ],
    ["file_format", "hive_compatible_partitions", "per_hour_partition"],
    max_leaves=8,
    hostile=True,
)


# The provider's words, padded or near misses, half the time: the rest any value at all.
destination_types = st.one_of(
    st.builds(
        lambda word, left, right: left + word + right,
        st.sampled_from([*KINDS, "S3", "cloudwatch", "kinesis-firehose"]),
        st.sampled_from(["", " ", "\t"]),
        st.sampled_from(["", " ", "\n"]),
    ),
    values,
)


@given(data=st.data(), unknown=st.booleans())
def test_flow_log_pricer_never_raises(data: st.DataObject, unknown: bool) -> None:
    attributes = {name: data.draw(values, label=name) for name in READS[1:]}
    if data.draw(st.booleans(), label="destination type written"):
        attributes[READS[0]] = data.draw(destination_types, label=READS[0])
    resource = Resource(
        address="aws_flow_log.fuzz",
        type="aws_flow_log",
        name="fuzz",
        attributes=Attributes(attributes, frozenset(READS) if unknown else frozenset()),
        region=data.draw(st.sampled_from(["us-east-1", "eu-west-1", "xx-nowhere-9"])),
    )
    usage = draw_usage(data, "aws_flow_log", values)
    view = ResourceView(resource, usage=usage, others={}, schema=TYPES["aws_flow_log"].usage)
    components = assert_sane(TYPES["aws_flow_log"].price(view), bounded=True)
    assert components, "a flow log always names its delivered logs"
    written = view.attrs.get("log_destination_type")
    first = components[0].query
    if unknown or written is None:
        # Unset, or unknown with nothing in the configuration setting it: AWS's default.
        expected = DESTINATIONS["CWL"]
    elif isinstance(written, str) and written.strip() in KINDS:
        expected = DESTINATIONS[KINDS[written.strip()]]
    else:
        assert not isinstance(first, PriceQuery), written
        return
    assert isinstance(first, PriceQuery)
    assert dict(first.attributes)["usagetype"] == expected.usagetype
