"""``costcheck comment``: put a Markdown file on a pull request as costcheck's one comment.

Made for GitHub Actions: every option defaults to what a job there has in its environment
(GITHUB_REPOSITORY, GITHUB_EVENT_PATH, GITHUB_API_URL, GITHUB_TOKEN). The token is read from an
environment variable only, never from the command line, where process lists and logs would show it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from checker.cli_common import reports_errors
from checker.errors import InputError
from checker.github import ACTIONS_BOT_LOGIN, pr_number_from_event, upsert_pr_comment
from checker.github_api import DEFAULT_API_URL


@click.command()
@click.option(
    "--body-file",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="Markdown of the comment (e.g. from `costcheck diff --format markdown`); - for stdin.",
)
@click.option("--repo", help="OWNER/NAME of the repository. [default: $GITHUB_REPOSITORY]")
@click.option(
    "--pr",
    "pr_number",
    type=click.IntRange(min=1),
    help="Pull request number. [default: pull_request.number of $GITHUB_EVENT_PATH]",
)
@click.option(
    "--api-url",
    help=f"GitHub REST API root. [default: $GITHUB_API_URL, else {DEFAULT_API_URL}]",
)
@click.option(
    "--token-env",
    default="GITHUB_TOKEN",
    show_default=True,
    metavar="NAME",
    help="Environment variable that holds the token (needs pull-requests: write).",
)
@click.option(
    "--author",
    envvar="COSTCHECK_COMMENT_AUTHOR",
    metavar="LOGIN",
    help="The bot that writes the comment when the token cannot say (a GitHub App's "
    "installation token: <app-slug>[bot]); only its comment is updated. "
    f"[default: $COSTCHECK_COMMENT_AUTHOR, else {ACTIONS_BOT_LOGIN}, GITHUB_TOKEN's]",
)
@reports_errors
def comment(
    body_file: Path,
    repo: str | None,
    pr_number: int | None,
    api_url: str | None,
    token_env: str,
    author: str | None,
) -> None:
    """Create costcheck's comment on a pull request, or update the one it made before.

    The earlier comment is found by the marker line `<!-- costcheck-comment -->` and its author,
    so re-runs edit one comment instead of adding more. Exit code 4 when GitHub refuses.
    """
    body = _read_body(body_file)
    repo = repo or os.environ.get("GITHUB_REPOSITORY") or ""
    if not repo:
        raise InputError("no repository: pass --repo OWNER/NAME or set GITHUB_REPOSITORY")
    if pr_number is None:
        event_path = os.environ.get("GITHUB_EVENT_PATH")
        if not event_path:
            raise InputError("no pull request: pass --pr N, or set GITHUB_EVENT_PATH")
        pr_number = pr_number_from_event(event_path)
    token = os.environ.get(token_env, "")
    if not token:
        raise InputError(
            f"no GitHub token: environment variable {token_env} is unset or empty; in a workflow "
            f"pass `env: {token_env}: ${{{{ secrets.GITHUB_TOKEN }}}}`"
        )
    result = upsert_pr_comment(
        body,
        repo=repo,
        pr_number=pr_number,
        token=token,
        api_url=api_url or os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL,
        author=author or None,
    )
    click.echo(f"costcheck: {result.action} comment {result.comment_id} {result.html_url}".rstrip())


def _read_body(path: Path) -> str:
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read the comment body: {exc.strerror}", path=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"the comment body is not UTF-8 text: {exc}", path=str(path)) from exc
    if not text.strip():
        raise InputError("the comment body is empty", path=str(path))
    return text
