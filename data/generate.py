"""``python -m data.generate``: build the seeded demo council (data/demo/generate.py says how)."""

import sys

from data.demo.generate import build, main  # noqa: F401  (build: for callers of data.generate.build)

if __name__ == "__main__":
    sys.exit(main())
