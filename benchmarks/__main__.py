"""Run every benchmark in turn, or the ones named: `python -m benchmarks [pricing catalog hcl startup policy coverage plan service]`."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = ("pricing", "catalog", "hcl", "startup", "policy", "coverage", "plan", "service")


def main(argv: list[str]) -> None:
    for name in argv or BENCHMARKS:
        print(f"== {name} ==", flush=True)
        try:
            module = importlib.import_module(f"benchmarks.{name}_bench")
        except ModuleNotFoundError as exc:
            print(f"  (not available: {exc})")
            continue
        module.main()
        print(flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
