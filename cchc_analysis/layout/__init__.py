"""Find a return's fields, report date, unit lines and non-participant table in any grid of cells.

A grid is a list of rows of cells (str / int / float / datetime / None), as the readers give it, whatever
the file kind. Every word list (field labels, people headers, signature, total and "none" words) comes
from cchc.toml, so a new layout is a config change.

The parts, each read on its own, in the order they build on one another:
- `grid`: the cells found (Cell), a grid's reading (ReturnLayout), the labels of cchc.toml matched word by word;
- `numbers`: numbers in the text of a cell ("1.234", "93,75", "85%", "20/22", "49 trên 51");
- `fields`: the counts, rate, unit and results beside, below or inside their labels;
- `dates`: the report date;
- `people`: the non-participants table (or list in prose);
- `sheets`: a whole grid, a whole file, and a file's sheets combined into one return.
"""
from .dates import DateFound, find_report_date
from .fields import find_fields
from .grid import Cell, ReturnLayout, SimpleGrid, as_grid, empty_people
from .numbers import as_count, as_rate, numbers_in, pair_value
from .people import find_people, find_people_in_prose, people_in_row
from .sheets import combine_sheets, read_layout, read_return

__all__ = ["Cell", "ReturnLayout", "SimpleGrid", "DateFound", "as_grid", "empty_people", "as_count", "as_rate",
           "numbers_in", "pair_value", "find_fields", "find_report_date", "find_people", "find_people_in_prose",
           "people_in_row", "read_layout", "read_return", "combine_sheets"]
