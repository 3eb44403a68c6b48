import sys

from data.ingest.cli import main

sys.exit(main())
