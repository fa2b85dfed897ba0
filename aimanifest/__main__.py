"""``python -m aimanifest``: the same as the console script."""

import sys

from aimanifest.cli import main

sys.exit(main())
