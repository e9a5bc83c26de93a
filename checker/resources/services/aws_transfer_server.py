"""aws_transfer_server: an AWS Transfer Family server.

Components: "<protocol> protocol enabled" (hours, 730 a month, for each of ``protocols``;
SFTP when unset, the provider's default), "Data downloaded" and "Data uploaded" (GB, usage keys
``monthly_data_downloaded_gb``, ``monthly_data_uploaded_gb``, Infracost's). Prices are the same
for S3 and EFS storage; the S3 products are asked for (Infracost's choice: some EFS ones are
missing from the Price List).

The offline catalog holds no Transfer Family prices: there the components are unknown with the
catalog's reason; ``--pricing-source aws`` prices them.
"""

from __future__ import annotations

from checker.model import CostComponent, Missing, PriceQuery
from checker.resources.base import ResourceView, hourly
from checker.resources.usage_schema import UsageSchema

SERVICE = "AWSTransfer"
FAMILY = "AWS Transfer Family"
PROTOCOLS = ("SFTP", "FTPS", "FTP", "AS2")

USAGE = UsageSchema.of(
    monthly_data_downloaded_gb="GB downloaded a month",
    monthly_data_uploaded_gb="GB uploaded a month",
)


def price(view: ResourceView) -> list[CostComponent]:
    """Price a Transfer Family server's protocol hours and data."""
    protocols = view.attrs.get("protocols")
    components: list[CostComponent] = []
    if isinstance(protocols, Missing):
        components.append(hourly("Protocols enabled", protocols))
    else:
        listed = protocols if isinstance(protocols, list) and protocols else ["SFTP"]
        for protocol in sorted({str(p).upper() for p in listed}):
            query: PriceQuery | Missing = (
                PriceQuery.of(
                    SERVICE,
                    view.region,
                    FAMILY,
                    operation=f"{protocol}:S3",
                    usagetype="ProtocolHours",
                )
                if protocol in PROTOCOLS
                else Missing(
                    "unknown", "protocols holds a protocol Transfer Family does not offer", None
                )
            )
            shown = protocol if protocol in PROTOCOLS else "unknown"
            components.append(hourly(f"{shown} protocol enabled", query))

    def data(usagetype: str) -> PriceQuery:
        return PriceQuery.of(SERVICE, view.region, FAMILY, operation="FTP:S3", usagetype=usagetype)

    components += [
        CostComponent(
            "Data downloaded",
            "GB",
            view.usage_quantity("monthly_data_downloaded_gb"),
            data("DownloadBytes"),
        ),
        CostComponent(
            "Data uploaded",
            "GB",
            view.usage_quantity("monthly_data_uploaded_gb"),
            data("UploadBytes"),
        ),
    ]
    return components
