"""Allow ``python -m layers.cli``."""

import sys

from layers.cli import main

sys.exit(main())
