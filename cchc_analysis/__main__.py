"""`python -m cchc_analysis`: the same as the `cchc` command."""
import sys

from .cli import main

sys.exit(main())
