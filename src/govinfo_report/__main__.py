"""``python -m govinfo_report`` runs the command-line interface."""

import sys

from govinfo_report.cli import main

sys.exit(main())
