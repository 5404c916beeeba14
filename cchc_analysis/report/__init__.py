"""`cchc report`: execute the notebooks on the processed tables, export code-free HTML and the workbook.

Every notebook runs on a real kernel (nbclient) with its parameters injected after the cell tagged
"parameters" (the papermill convention, without papermill). Everything is rendered into a staging
folder first and moved into the reports folder only when every notebook succeeded, so a failure
leaves the previous reports as they were. Stored notebooks are read, never written.
"""
from __future__ import annotations

import datetime as dt
import html
import os
import re
import shutil
import subprocess
import tempfile
import tomllib
from pathlib import Path

import nbformat
import pandas as pd

from ..config import CONFIG_NAME, Settings
from ..console import bar, stage
from .display import fmt_date
from ..tables import Tables, load_tables

WORKBOOK_NAME = "tong_hop_cchc.xlsx"
DOCUMENT_NAME = "bao_cao_ket_qua.docx"  # the administrative report (document.py)
PROGRESS_WORKBOOK_NAME = "05_tien_do.xlsx"  # the lagging units, one sheet, beside 05_tien_do.html
# Tables a notebook needs (notebook metadata "cchc": {"requires": [...]}) named as the skip note says them.
REQUIRED_TABLE_WORDS = {"entries": "dữ liệu xuất từ hệ thống thi (no platform export)",
                        "returns": "báo cáo của đơn vị (no returns)"}
KERNEL_NAME = "python3"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class ReportError(Exception):
    """A notebook could not be executed or exported; the previous reports are untouched."""


# Print on A4 without cutting a table row, a figure or a heading off its table.
REPORT_CSS = """
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; }
.cchc-header { border-bottom: 2px solid #333; margin: 0 0 1em 0; padding: 0.4em 0; }
.cchc-header .cchc-contest { font-weight: bold; font-size: 1.05em; margin: 0; }
.cchc-header .cchc-dates { color: #333; margin: 0.2em 0 0 0; }
table.cchc-table { border-collapse: collapse; margin: 0.3em 0 1em 0; font-size: 0.85em; max-width: 100%; }
.jp-OutputArea-output { overflow-x: auto; }
table.cchc-table th, table.cchc-table td { border: 1px solid #999; padding: 2px 6px; text-align: left !important;
  vertical-align: top; }
table.cchc-table th.num, table.cchc-table td.num { text-align: right !important; }
table.cchc-table td.num { white-space: nowrap; }
table.cchc-table td.long { overflow-wrap: anywhere; }  /* a long file name wraps instead of leaving the page */
table.cchc-table td.name { min-width: 8em; }  /* names wrap less; long number headers wrap instead */
table.cchc-table td.prose { min-width: 10em; }  /* a reason sentence is not squeezed into a thin column */
table.cchc-table th { background: #e8e8e8; }
table.cchc-table tbody tr:nth-child(even) { background: #f6f6f6; }
.cchc-caption { margin: 0.8em 0 0.2em 0; }
.cchc-note, .cchc-empty { font-style: italic; color: #444; }
.jp-OutputArea-output img { max-width: 100%; height: auto; }
table.cchc-table td.label { white-space: nowrap; }  /* a grade or status reads on one line */
.cchc-toc ol { columns: 2; font-size: 0.9em; }
@page { size: A4; margin: 14mm 12mm 16mm 12mm;
  @bottom-center { content: "Trang " counter(page) " / " counter(pages); font-size: 9pt; } }
@media print {
  body { font-size: 10pt; }
  .jp-RenderedHTMLCommon h1 { font-size: 15pt !important; margin: 0 0 0.3em 0 !important; }
  .jp-RenderedHTMLCommon h2 { font-size: 12.5pt !important; margin: 0.6em 0 0.3em 0 !important; }
  .jp-RenderedHTMLCommon h3 { font-size: 11pt !important; margin: 0.5em 0 0.2em 0 !important; }
  .jp-RenderedHTMLCommon p, p.cchc-text { margin: 0 0 0.25em 0 !important; line-height: 1.25 !important; }
  .cchc-header { margin-bottom: 0.4em; padding: 0.2em 0; }
  .jp-Cell { padding: 0 !important; margin: 0 !important; }
  main { padding: 0 !important; }
  figure, img, .jp-RenderedImage { break-inside: avoid; page-break-inside: avoid; }
  /* a long table goes on over the page between rows, its header repeated; a row is never cut */
  tr, td, th { break-inside: avoid; page-break-inside: avoid; }
  .jp-Cell .jp-OutputArea-child { break-inside: auto; page-break-inside: auto; }  /* the lab template keeps outputs whole */
  .cchc-keep { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  h1, h2, h3, h4, .cchc-caption { break-after: avoid; page-break-after: avoid; }
  .jp-MarkdownCell { break-after: avoid; page-break-after: avoid; }
  .cchc-appendix, .cchc-page-break { break-before: page; page-break-before: always; }
  .cchc-page + .cchc-page { break-before: page; page-break-before: always; }  /* one printed page per group */
  .cchc-unit { break-before: page; page-break-before: always; }  /* 02: one unit per page */
  .jp-OutputArea-output { overflow-x: visible; }
}
"""

# The lab template without its scripts from the internet (require.js, MathJax, Mermaid): the reports
# work offline and print as they are; a header names the contest and the date of the data.
TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}<style type="text/css">{{ resources.cchc.css }}</style>{%- endblock extra_css -%}
{%- block body_header -%}
{{ super() }}
<header class="cchc-header">
<p class="cchc-contest">{{ resources.cchc.contest | e }}</p>
<p class="cchc-dates">Số liệu đến ngày {{ resources.cchc.data_date | e }}
 · Ngày chạy chương trình: {{ resources.cchc.made_on | e }}</p>
</header>
{%- endblock body_header -%}
"""


def config_file(settings: Settings) -> Path:
    """The toml file these settings were read from, so the kernel reads the same rules."""
    candidates = [settings.root / CONFIG_NAME, *sorted(settings.root.glob("*.toml"))]
    if settings.source is not None:
        candidates.insert(0, settings.source)
    for path in candidates:
        if path.is_file() and tomllib.loads(path.read_text(encoding="utf-8")) == settings.raw:
            return path
    raise ReportError(f"Không tìm thấy tệp cấu hình của các thiết lập này trong {settings.root} (config file not found)")


def inject_parameters(nb: nbformat.NotebookNode, parameters: dict) -> nbformat.NotebookNode:
    """A copy with a cell tagged "injected-parameters" right after the "parameters" cell (first when there is none)."""
    nb = nbformat.from_dict(nb)
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    source = "# Parameters injected by cchc report\n" + "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])]
    nb.cells.insert(tagged[0] + 1 if tagged else 0, cell)
    return nb


def _failed_cell(nb: nbformat.NotebookNode) -> tuple[int | None, str]:
    """The 1-based number of the code cell holding an error output, and that error."""
    # numbered as in the stored notebook: the injected parameters cell does not count
    code_cells = [c for c in nb.cells if c.cell_type == "code"
                  and "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    for number, cell in enumerate(code_cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return number, f"{output.get('ename', '')}: {ANSI.sub('', str(output.get('evalue', '')))}"
    return None, ""


def execute_notebook(path: Path, parameters: dict, timeout: int) -> nbformat.NotebookNode:
    """Run one notebook on a fresh python3 kernel in its own folder; raises ReportError naming it and the failing cell."""
    from nbclient import NotebookClient
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    try:
        nb = inject_parameters(nbformat.read(path, as_version=4), parameters)
    except Exception as exc:  # a damaged notebook file
        raise ReportError(f"{path.name}: không đọc được notebook (cannot read notebook): {exc}") from exc
    client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL_NAME,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        # the kernel's own log (a TCP notice) is noise to an analyst; cell errors come back through the protocol
        client.execute(stderr=subprocess.DEVNULL)
    except CellExecutionError as exc:
        number, error = _failed_cell(nb)
        error = error or f"{getattr(exc, 'ename', '')}: {ANSI.sub('', str(getattr(exc, 'evalue', '')))}"
        raise ReportError(f"{path.name}: ô mã số {number} lỗi (cell {number} failed): {error}") from exc
    except CellTimeoutError as exc:
        raise ReportError(f"{path.name}: một ô chạy quá {timeout} giây (cell timed out)") from exc
    except DeadKernelError as exc:
        raise ReportError(f"{path.name}: kernel dừng đột ngột (kernel died): {exc}") from exc
    except NoSuchKernel as exc:
        raise ReportError(f"{path.name}: chưa cài kernel {KERNEL_NAME} (kernel not installed: "
                          "python -m ipykernel install --sys-prefix --name python3)") from exc
    return nb


def data_date(tables: Tables, settings: Settings, processed: Path) -> dt.date:
    """The date the data runs to: the latest return date or platform submission, else when the tables were written."""
    stamps = []
    if len(tables.returns):
        stamps.append(pd.to_datetime(tables.returns["report_date"], errors="coerce").max())
    if len(tables.entries):
        submitted = pd.to_datetime(tables.entries["submitted_at"], errors="coerce", utc=True)
        stamps.append(submitted.dt.tz_convert(settings.contest.timezone).dt.tz_localize(None).max())
    stamps = [s for s in stamps if pd.notna(s)]
    if stamps:
        return max(stamps).date()
    written = [p.stat().st_mtime for p in processed.glob("*.parquet")]
    return dt.datetime.fromtimestamp(max(written)).date() if written else dt.date.today()


def first_heading(nb: nbformat.NotebookNode) -> str:
    """The first markdown heading of a notebook: its title in the browser tab."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return ""


def export_html(nb: nbformat.NotebookNode, title: str, header: dict) -> str:
    """The executed notebook as HTML without code or prompts, images embedded, the report header and A4 print CSS."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        extra_loaders=[DictLoader({"cchc_report.html.j2": TEMPLATE})],
        template_file="cchc_report.html.j2",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        exclude_anchor_links=True,
        language_code="vi",
    )
    nb = nbformat.from_dict(nb)
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb, resources={"cchc": {**header, "css": REPORT_CSS}})
    return body


def _header(settings: Settings, when: dt.date) -> dict:
    return {
        "contest": f"{settings.contest.name} — {settings.contest.city}".strip(" —"),
        "data_date": fmt_date(when),
        "made_on": fmt_date(dt.date.today()),
    }


def _move_into(staging: Path, out: Path) -> list[Path]:
    written = []
    for path in sorted(staging.iterdir()):
        target = out / path.name
        os.replace(path, target)  # same folder tree, so each file appears whole
        written.append(target)
    return written


def notebook_needs(nb: nbformat.NotebookNode) -> dict:
    """What a notebook declares in its metadata "cchc": the tables it requires, whether it takes an as-of day."""
    needs = dict(nb.metadata.get("cchc", {}))
    return {"requires": list(needs.get("requires", [])), "as_of": bool(needs.get("as_of", False))}


def missing_inputs(needs: dict, tables: Tables) -> list[str]:
    """The required tables that are empty (a notebook with one is skipped, with a note)."""
    return [name for name in needs["requires"] if getattr(tables, name, None) is None or getattr(tables, name).empty]


def build_reports(settings: Settings, processed: str | Path | None = None, out: str | Path | None = None,
                  as_of=None, notes: list[str] | None = None) -> list[Path]:
    """Execute every notebook, export HTML, the workbook and the administrative report (docx) into the reports
    folder; returns the files written.
    `as_of` (dd/mm/yyyy or yyyy-mm-dd; default the export's latest attempt, within the contest window) is the
    day the progress notebook (05) runs to; it is built only when its inputs exist, else `notes` says why,
    and its figures are added to the progress_history table."""
    from . import progress
    from .document import write_document
    from .workbook import write_workbook

    notebooks = sorted(Path(settings.paths.notebooks).glob("*.ipynb"))
    if not notebooks:
        raise ReportError(f"Không có notebook nào trong {settings.paths.notebooks} (no notebooks found)")
    processed_dir = Path(processed) if processed else Path(settings.paths.processed)
    if not (processed_dir / "units.parquet").is_file():
        raise ReportError(f"Chưa có số liệu đã xử lý trong {processed_dir}; hãy chạy `cchc clean` trước "
                          "(no processed tables: run cchc clean first)")
    out_dir = Path(out) if out else Path(settings.paths.reports)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = load_tables(processed_dir)
    data_day = data_date(tables, settings, processed_dir)  # what "Số liệu đến ngày" says
    header = _header(settings, data_day)
    parameters = {"processed_dir": str(processed_dir.resolve()), "config_path": str(config_file(settings))}
    timeout = int(settings.report["cell_timeout"])
    title = settings.report.get("title", settings.contest.name)

    notes = notes if notes is not None else []
    try:
        day = progress.resolve_as_of(tables, settings, as_of)
    except progress.AsOfError as exc:
        raise ReportError(str(exc)) from exc

    jobs = []  # (notebook, its parameters, whether it runs to the as-of day), in file order
    for path in notebooks:
        needs = notebook_needs(nbformat.read(path, as_version=4))
        missing = missing_inputs(needs, tables)
        if missing:
            why = "; ".join(REQUIRED_TABLE_WORDS.get(m, m) for m in missing)
            notes.append(f"{path.name}: bỏ qua, chưa có {why} (skipped)")
            continue
        jobs.append((path, {**parameters, "as_of": day.isoformat()} if needs["as_of"] else parameters, needs["as_of"]))

    def render(path: Path, own: dict, dated: bool) -> None:
        with stage(f"notebook {path.name}"):
            executed = execute_notebook(path, own, timeout)
            heading = first_heading(executed)
            page = export_html(executed, f"{title} — {heading}" if heading else title,
                               _header(settings, day) if dated else header)
            (staging / f"{path.stem}.html").write_text(page, encoding="utf-8")

    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        run_notebooks(render, jobs, int(settings.report["parallel_notebooks"]))
        progress_built = any(dated for _, _, dated in jobs)
        with stage(f"workbook {WORKBOOK_NAME}"):
            write_workbook(tables, settings, staging / WORKBOOK_NAME, data_as_of=data_day)
        with stage(f"document {DOCUMENT_NAME}"):
            write_document(tables, settings, staging / DOCUMENT_NAME, data_as_of=data_day)
        if progress_built:
            with stage(f"workbook {PROGRESS_WORKBOOK_NAME}"):
                progress.write_lagging_workbook(tables, settings, day, staging / PROGRESS_WORKBOOK_NAME)
                progress.record_history(tables, settings, day, processed_dir)  # kept for next week's "change"
        return _move_into(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def run_notebooks(render, jobs: list[tuple], workers: int) -> None:
    """render(*job) for every job, `workers` at a time (each notebook runs on its own kernel, into its own file).

    Once a notebook fails no other starts; the error raised is the first failing notebook's in file order, after
    the notebooks before it (all started before it) have finished, so the same inputs give the same error.
    """
    import threading
    from concurrent.futures import ThreadPoolExecutor

    progress_bar = bar(desc="notebook", total=len(jobs), unit="notebook")
    failed = threading.Event()

    def guarded(*job) -> None:
        if failed.is_set():
            return  # a notebook failed: the reports are not replaced, so the rest need not run
        try:
            render(*job)
        except BaseException:
            failed.set()
            raise
        progress_bar.update(1)

    try:
        if workers <= 1 or len(jobs) <= 1:
            for job in jobs:
                render(*job)
                progress_bar.update(1)
            return
        with ThreadPoolExecutor(max_workers=min(workers, len(jobs)), thread_name_prefix="notebook") as pool:
            futures = [pool.submit(guarded, *job) for job in jobs]
            try:
                for future in futures:
                    future.result()
            except BaseException:
                failed.set()  # also on Ctrl-C: the running notebooks end, none starts; staging goes after them
                raise
    finally:
        progress_bar.close()


def page_text(page: str) -> str:
    """The visible text of a report page (tests and checks look for figures in it)."""
    body = re.sub(r"(?is)<(style|script)[^>]*>.*?</\1>", " ", page)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))
