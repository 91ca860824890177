"""``make bench``: run every ``bench/*_bench.py`` module's ``main()`` in turn.

Each runs in a process of its own (``python -m bench.<name>``, the arguments passed
on), so that each sets Django up on a database of its own.
"""

import pkgutil
import subprocess
import sys
from pathlib import Path


def main() -> int:
    names = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if m.name.endswith("_bench")
    )
    failed = []
    for name in names:
        print(f"== bench.{name}", flush=True)
        done = subprocess.run([sys.executable, "-m", f"bench.{name}", *sys.argv[1:]], check=False)
        if done.returncode:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
