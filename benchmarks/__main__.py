"""`python -m benchmarks [--quick]`: run every benchmark and print its table."""

from __future__ import annotations

import sys

from benchmarks import store_bench


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    print(store_bench.table("Store (baseline: TinyDB JSONStorage with indent=2, sort_keys=True)",
                            store_bench.run(quick=quick)))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
