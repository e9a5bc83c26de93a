"""Command-line interface (placeholder until the commands land)."""

import click


@click.group()
def main() -> None:
    """costcheck: what a Terraform change costs, and whether policy lets it pass."""
