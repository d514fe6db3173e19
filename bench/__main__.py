"""Run one benchmark by name and print its table; with no name, list them.

Each benchmark is a module `bench/<name with underscores>.py` with a docstring (first line
shown in the list) and `main(argv: list[str]) -> None`.
"""

import importlib
import pkgutil
import sys
from pathlib import Path


def available() -> dict[str, str]:
    found = {}
    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if module.name.startswith("_") or module.name == "common":
            continue
        doc = importlib.import_module(f"bench.{module.name}").__doc__ or ""
        found[module.name.replace("_", "-")] = doc.strip().splitlines()[0] if doc.strip() else ""
    return dict(sorted(found.items()))


def main(argv: list[str]) -> int:
    benches = available()
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: python -m bench NAME [options]\n\nbenchmarks:")
        for name, summary in benches.items():
            print(f"  {name:<18} {summary}")
        return 0
    name = argv[0]
    if name not in benches:
        print(f"unknown benchmark {name!r}; try: {', '.join(benches)}", file=sys.stderr)
        return 2
    importlib.import_module(f"bench.{name.replace('-', '_')}").main(argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
