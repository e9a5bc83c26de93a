"""costcheck: price Terraform changes on AWS and enforce YAML cost policies."""

__version__ = "0.1.0"
