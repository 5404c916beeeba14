"""cchc-analysis: read CCHC contest returns and the platform export, grade units, export reports."""
from .config import load_settings
from .tables import Tables, load_tables, write_table

__all__ = ["load_settings", "load_tables", "write_table", "Tables"]
__version__ = "0.1.0"
