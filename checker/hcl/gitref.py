"""``costcheck diff DIR --base REF``: the code at a git ref against the working tree.

The ref's tree is read with ``git archive`` into a temporary directory (the working tree, index
and HEAD are never touched), evaluated like the working tree, and the two documents are compared
into one plan-shaped document whose actions say what the change does to each resource.
"""

from __future__ import annotations

import copy
import io
import os
import tarfile
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.errors import InputError
from checker.git_command import run_git
from checker.hcl.files import Confinement
from checker.plan.config import mapping
from checker.safe_text import clip

if TYPE_CHECKING:
    from checker.hcl import HclResult

# Attributes whose change makes the provider replace the resource rather than update it
# (ForceNew in terraform-provider-aws), for the types whose price a replacement matters to.
FORCE_NEW: dict[str, frozenset[str]] = {
    "aws_instance": frozenset(
        {
            "ami",
            "availability_zone",
            "subnet_id",
            "key_name",
            "placement_group",
            "private_ip",
            "ebs_block_device",
            "ephemeral_block_device",
            "network_interface",
            "instance_market_options",
        }
    ),
    "aws_db_instance": frozenset(
        {
            "engine",
            "identifier",
            "identifier_prefix",
            "availability_zone",
            "kms_key_id",
            "storage_encrypted",
            "username",
            "db_name",
            "character_set_name",
            "snapshot_identifier",
            "timezone",
        }
    ),
    "aws_rds_cluster": frozenset(
        {
            "engine",
            "cluster_identifier",
            "availability_zones",
            "database_name",
            "master_username",
            "storage_encrypted",
            "kms_key_id",
            "snapshot_identifier",
        }
    ),
    "aws_rds_cluster_instance": frozenset(
        {"engine", "identifier", "cluster_identifier", "availability_zone"}
    ),
    "aws_ebs_volume": frozenset(
        {"availability_zone", "snapshot_id", "encrypted", "kms_key_id", "outpost_arn"}
    ),
    "aws_elasticache_cluster": frozenset(
        {"engine", "cluster_id", "availability_zone", "subnet_group_name"}
    ),
    "aws_elasticache_replication_group": frozenset(
        {"replication_group_id", "at_rest_encryption_enabled", "subnet_group_name"}
    ),
    "aws_lb": frozenset({"name", "internal", "load_balancer_type"}),
    "aws_alb": frozenset({"name", "internal", "load_balancer_type"}),
    "aws_nat_gateway": frozenset({"subnet_id", "allocation_id", "connectivity_type"}),
    "aws_autoscaling_group": frozenset({"name"}),
    "aws_launch_configuration": frozenset(
        {"image_id", "instance_type", "root_block_device", "ebs_block_device"}
    ),
    "aws_lambda_function": frozenset({"function_name"}),
    "aws_dynamodb_table": frozenset({"name", "hash_key", "range_key"}),
    "aws_s3_bucket": frozenset({"bucket"}),
    "aws_eks_cluster": frozenset({"name"}),
    "aws_eks_node_group": frozenset(
        {
            "cluster_name",
            "node_group_name",
            "subnet_ids",
            "ami_type",
            "capacity_type",
            "instance_types",
            "disk_size",
            "node_role_arn",
        }
    ),
    "aws_efs_file_system": frozenset(
        {"creation_token", "encrypted", "performance_mode", "availability_zone_name"}
    ),
    "aws_kinesis_stream": frozenset({"name"}),
    "aws_sqs_queue": frozenset({"name", "fifo_queue"}),
    "aws_ecs_service": frozenset({"name", "cluster", "launch_type"}),
    "aws_msk_cluster": frozenset({"cluster_name"}),
    "aws_opensearch_domain": frozenset({"domain_name"}),
    "aws_redshift_cluster": frozenset({"cluster_identifier", "database_name", "encrypted"}),
}


# The git ref a document was evaluated at (set on the base document of a diff).
BASE_REF_FIELD = "x_costcheck_base_ref"


def _git(args: list[str], cwd: Path) -> bytes:
    done = run_git(args, cwd, needed_for="--base")
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


class GitError(Exception):
    pass


def evaluate_git_ref(
    dir: Path,
    ref: str,
    *,
    var_files: Iterable[Path] = (),
    vars: Mapping[str, str] | Iterable[str] = {},
    environ: Mapping[str, str] = os.environ,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    workspace: str | None = None,
) -> HclResult:
    """Evaluate ``dir`` as it is at git ``ref``, without touching the work tree.

    File names in diagnostics and locations are relative to ``dir`` as for the working tree.
    ``.terraform`` is not in git: the working tree's is used for registry modules, and for the
    workspace when ``workspace`` is None.
    """
    # The package imports this module.
    from checker.hcl import HclResult, current_workspace, evaluate_directory
    from checker.hcl.config import tf_files

    if not ref or ref.startswith("-"):
        # git would read it as an option, not a revision.
        raise InputError(f"{clip(ref)!r} is not a git ref; give a branch, tag or commit")
    directory = Path(dir).resolve()
    # A root the change deletes no longer exists in the work tree: git is asked from the
    # nearest directory that does, and the rest of the path is the prefix's.
    existing, missing = directory, list[str]()
    while not existing.exists() and existing != existing.parent:
        missing.insert(0, existing.name)
        existing = existing.parent
    if not existing.is_dir():
        raise InputError("not a directory", path=str(dir))
    try:
        top = Path(_git(["rev-parse", "--show-toplevel"], existing).decode().strip())
        prefix = _git(["rev-parse", "--show-prefix"], existing).decode().strip()
        prefix += "".join(f"{name}/" for name in missing)
    except GitError:
        raise InputError("not inside a git repository; --base needs one", path=str(dir)) from None
    try:
        commit = (
            _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top).decode().strip()
        )
    except GitError:
        raise InputError(
            f"unknown git ref {clip(ref)!r}; give a branch, tag or commit that exists here"
        ) from None
    archive = _git(["archive", "--format=tar", commit], top)
    with tempfile.TemporaryDirectory(prefix="costcheck-base-") as tmp:
        base_top = Path(tmp)
        _extract(archive, base_top, ref)
        base_dir = base_top / prefix
        if not base_dir.is_dir() or not tf_files(base_dir):
            # A root the change adds (a new directory, or .tf files where there were none): the
            # base holds nothing, so every resource is created, as terraform would plan it.
            # Refusing it stopped every commit that adds a root (the pre-commit hook).
            return HclResult(
                {
                    "resource_changes": [],
                    "configuration": {},
                    "x_costcheck_diagnostics": [
                        {
                            "file": None,
                            "line": None,
                            "severity": "warning",
                            "message": f"{clip(prefix or '.')} has no .tf files: every resource "
                            "is new",
                        }
                    ],
                    BASE_REF_FIELD: ref,
                }
            )
        installed = directory / ".terraform"
        if installed.is_dir() and not (base_dir / ".terraform").exists():
            (base_dir / ".terraform").symlink_to(installed, target_is_directory=True)
        base_var_files, not_at_base = _var_files_at_base(var_files, top, base_top)
        result = evaluate_directory(
            base_dir,
            var_files=base_var_files,
            vars=vars,
            environ=environ,
            cache_dir=cache_dir,
            use_cache=use_cache,
            workspace=workspace if workspace is not None else current_workspace(directory),
            # The base tree, and the work tree its .terraform link leads to.
            file_roots=(base_top.resolve(), *Confinement.for_directory(directory).roots),
        )
    # diff_documents names the side it read in what it says.
    result.document[BASE_REF_FIELD] = ref
    result.document.setdefault("x_costcheck_diagnostics", []).extend(
        {
            "file": None,
            "line": None,
            "severity": "warning",
            "message": f"{clip(name)} is not in {clip(ref)}: the base is read without it",
        }
        for name in not_at_base
    )
    return result


def _var_files_at_base(
    var_files: Iterable[Path], top: Path, base_top: Path
) -> tuple[list[Path], list[str]]:
    """``--var-file`` paths for the base side: a file of the repository as it is at the base
    (a changed .tfvars must change the "before" too, else the diff shows nothing), one outside
    it as given. Also the repository's files the base does not have (the change adds them)."""
    real_top = Path(os.path.realpath(top))
    found: list[Path] = []
    missing: list[str] = []
    for var_file in var_files:
        real = Path(os.path.realpath(var_file))
        try:
            relative = real.relative_to(real_top)
        except ValueError:
            found.append(Path(var_file))
            continue
        at_base = base_top / relative
        if at_base.is_file():
            found.append(at_base)
        else:
            missing.append(relative.as_posix())
    return found, missing


def _extract(archive: bytes, target: Path, ref: str) -> None:
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        try:
            tar.extractall(target, filter="data")
        except tarfile.FilterError as exc:
            # A link to an absolute path or out of the tree: extracting it would let what reads
            # the base tree out of it (the work tree refuses such a link only where it is read).
            raise InputError(
                f"--base {clip(ref)}: the commit holds {clip(exc.tarinfo.name)}, a symbolic link "
                "to an absolute path or out of the repository, which costcheck does not "
                "extract; replace the link by the file, or price without --base"
            ) from None


# --- comparing two documents ------------------------------------------------------------------


def diff_documents(base_doc: dict[str, Any], head_doc: dict[str, Any]) -> dict[str, Any]:
    """A plan-shaped document of the change from ``base_doc`` to ``head_doc`` (both from
    :func:`~checker.hcl.evaluate_directory`): create, update, replace (delete+create), delete or
    no-op per resource, with ``before`` from the base and ``after`` from the head.

    ``configuration`` is the head's, plus the configuration of removed resources (and their
    provider configurations) taken from the base, so they can still be priced.

    A resource on one side only whose file (or the file of a module call above it) did not parse
    on the other side may well be on that side too: it is left out of both, and
    ``x_costcheck_diagnostics`` (both sides' diagnostics, the base's marked so) says so.

    Two plans are compared too (the service's plan against its base plan): their items checked
    by the plan reader's checks, the rest of what is read here read as the plan reader reads
    it, a malformed part (values, marks, configuration) as an empty one, never a crash.
    """
    base = {
        c["address"]: c for c in base_doc.get("resource_changes", []) if c.get("mode") == "managed"
    }
    head = {
        c["address"]: c for c in head_doc.get("resource_changes", []) if c.get("mode") == "managed"
    }
    ref = base_doc.get(BASE_REF_FIELD)
    base_side = f"the base ({ref})" if isinstance(ref, str) else "the base"
    unread: dict[tuple[str, str], list[str]] = {}  # (file, side) -> addresses left out
    for address in sorted(set(base) ^ set(head)):
        if address in head:
            change, present, other, side = head[address], head_doc, base_doc, base_side
        else:
            change, present, other, side = base[address], base_doc, head_doc, "the working tree"
        unparsed = set(other.get("x_costcheck_unparsed_files", ()))
        failed = sorted(set(_files_of(change, present)) & unparsed)
        if failed:
            unread.setdefault((failed[0], side), []).append(address)
            base.pop(address, None)
            head.pop(address, None)
    changes: list[dict[str, Any]] = []
    for address in sorted(set(base) | set(head)):
        old, new = base.get(address), head.get(address)
        if new is None:
            assert old is not None
            changes.append(_deleted(old))
        elif old is None:
            changes.append(copy.deepcopy(new))
        else:
            changes.append(_compared(old, new))
    changes += [
        copy.deepcopy(c) for c in head_doc.get("resource_changes", []) if c.get("mode") == "data"
    ]
    document = {k: copy.deepcopy(v) for k, v in head_doc.items() if k != "resource_changes"}
    document["resource_changes"] = changes
    document["x_costcheck_diagnostics"] = [
        *head_doc.get("x_costcheck_diagnostics", []),
        *(
            {**d, "message": f"at {base_side}: {d.get('message')}"}
            for d in base_doc.get("x_costcheck_diagnostics", [])
        ),
        *(
            {
                "file": file,
                "line": None,
                "severity": "error",
                "message": f"not compared: {file} did not parse at {side}, so "
                f"{', '.join(addresses)} could be neither compared nor priced",
            }
            for (file, side), addresses in sorted(unread.items())
        ),
    ]
    document["configuration"] = _merged_configuration(
        base_doc.get("configuration", {}),
        head_doc.get("configuration", {}),
        set(base) - set(head),
        base,
    )
    return document


def _files_of(change: dict[str, Any], document: dict[str, Any]) -> list[str]:
    """The files a resource's being there depends on: its own, and those of the module calls
    above it."""
    files: list[str] = []
    location = change.get("x_costcheck_location")
    if isinstance(location, dict) and isinstance(location.get("file"), str):
        files.append(location["file"])
    calls = document.get("x_costcheck_module_calls", {})
    for prefix in _module_prefixes(change.get("module_address") or ""):
        if isinstance(calls.get(prefix), str):
            files.append(calls[prefix])
    return files


def _module_prefixes(module_address: str) -> list[str]:
    """``module.a["x"].module.b`` -> ``['module.a["x"]', 'module.a["x"].module.b']``."""
    prefixes: list[str] = []
    rest, done = module_address, ""
    while rest.startswith("module."):
        name_end = len("module.")
        while name_end < len(rest) and rest[name_end] not in ".[":
            name_end += 1
        end = name_end
        if rest[end : end + 1] == "[":
            end += _closing_bracket(rest[end:]) + 1
        done += rest[:end]
        prefixes.append(done)
        rest = rest[end:]
        if rest.startswith("."):
            done += "."
            rest = rest[1:]
    return prefixes


def _deleted(old: dict[str, Any]) -> dict[str, Any]:
    item = copy.deepcopy(old)
    before = item["change"]
    item["change"] = {
        "actions": ["delete"],
        "before": before.get("after"),
        "after": None,
        "after_unknown": {},
        "before_sensitive": before.get("after_sensitive", False),
        "after_sensitive": False,
        "x_costcheck_before_unknown": before.get("after_unknown", {}),
    }
    return item


def _compared(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    item = copy.deepcopy(new)
    before, after = old["change"], new["change"]
    old_values, new_values = mapping(before.get("after")), mapping(after.get("after"))
    old_unknown, new_unknown = (
        mapping(before.get("after_unknown")),
        mapping(after.get("after_unknown")),
    )
    changed = {
        key
        for key in old_values.keys() | new_values.keys() | old_unknown.keys() | new_unknown.keys()
        if old_values.get(key) != new_values.get(key)
        or old_unknown.get(key) != new_unknown.get(key)
    }
    if not changed:
        actions = ["no-op"]
    elif changed & FORCE_NEW.get(new["type"], frozenset()):
        actions = ["delete", "create"]
    else:
        actions = ["update"]
    item["change"] = {
        **copy.deepcopy(after),
        "actions": actions,
        "before": copy.deepcopy(before.get("after")),
        "before_sensitive": copy.deepcopy(before.get("after_sensitive", False)),
        # Terraform's before never has unknowns; the base evaluated without a plan can.
        "x_costcheck_before_unknown": copy.deepcopy(before.get("after_unknown", {})),
    }
    if actions == ["delete", "create"]:
        item["action_reason"] = "replace_because_cannot_update"
        item["change"]["replace_paths"] = [
            [key] for key in sorted(changed & FORCE_NEW[new["type"]])
        ]
    return item


def _merged_configuration(
    base_section: Any,
    head_section: Any,
    removed: set[str],
    base_changes: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    base = mapping(base_section)
    merged = copy.deepcopy(dict(mapping(head_section)))
    providers = merged["provider_config"] = dict(mapping(merged.get("provider_config")))
    for key, value in mapping(base.get("provider_config")).items():
        providers.setdefault(key, copy.deepcopy(value))
    for address in sorted(removed):
        change = base_changes[address]
        path = _call_path(change.get("module_address") or "")
        key = f"{change['type']}.{change['name']}"
        source = _module_at(mapping(base.get("root_module")), path)
        target = _module_made(merged, path)  # (made even when the base has no block for it)
        resource = next(
            (r for r in _listed(source.get("resources")) if mapping(r).get("address") == key),
            None,
        )
        if resource is None:
            continue
        resources = target.get("resources")
        if not isinstance(resources, list):
            resources = target["resources"] = []
        if not any(mapping(r).get("address") == key for r in resources):
            resources.append(copy.deepcopy(resource))
    return merged


def _call_path(module_address: str) -> list[str]:
    """``module.app["x"].module.db`` -> ``["app", "db"]`` (instance keys dropped)."""
    names: list[str] = []
    rest = module_address
    while rest.startswith("module."):
        rest = rest[len("module.") :]
        end = len(rest)
        for i, ch in enumerate(rest):
            if ch in ".[":
                end = i
                break
        names.append(rest[:end])
        rest = rest[end:]
        if rest.startswith("["):
            close = _closing_bracket(rest)
            rest = rest[close + 1 :]
        rest = rest.removeprefix(".")
    return names


def _closing_bracket(text: str) -> int:
    quoted = False
    i = 1
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == "\\":
                i += 1
            elif ch == '"':
                quoted = False
        elif ch == '"':
            quoted = True
        elif ch == "]":
            return i
        i += 1
    return len(text) - 1


def _module_at(root: Mapping[str, Any], path: list[str]) -> Mapping[str, Any]:
    """The module configuration at ``path`` under ``root``, empty where there is none."""
    node = root
    for name in path:
        node = mapping(mapping(mapping(node.get("module_calls")).get(name)).get("module"))
    return node


def _module_made(configuration: dict[str, Any], path: list[str]) -> dict[str, Any]:
    """The module configuration at ``path`` in ``configuration``, made where there is none (a
    malformed part, which the plan reader would read as empty, made empty)."""
    node = _object_at(configuration, "root_module")
    for name in path:
        node = _object_at(_object_at(_object_at(node, "module_calls"), name), "module")
    return node


def _object_at(parent: dict[str, Any], key: str) -> dict[str, Any]:
    found = parent.get(key)
    if not isinstance(found, dict):
        found = parent[key] = {}
    return found


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
