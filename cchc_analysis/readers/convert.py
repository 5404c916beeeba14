"""Old Word (.doc, also RTF or a web page saved as .doc) and OpenDocument text (.odt) → docx through
LibreOffice headless, then the docx reader; OpenDocument spreadsheets (.ods) through python-calamine.

LibreOffice works on a copy in a fresh temp folder (its own profile too, so runs never share a lock),
under the time limit `limits.convert_seconds`; nothing is ever written beside the original in data/raw.
Where LibreOffice is not installed the file is a `tool_missing` ReadError saying how to install it.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .base import Grid, ReadError

INSTALL_HINT = "sudo apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"
# LibreOffice's export filter for each target (the name alone picks the default filter)
FILTERS = {"docx": "docx:MS Word 2007 XML", "doc": "doc:MS Word 97", "pdf": "pdf:writer_pdf_Export",
           "ods": "ods", "xlsx": "xlsx"}


def libreoffice() -> str | None:
    """The LibreOffice program on PATH (soffice or libreoffice), None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: str | Path, target: str, out_dir: str | Path, seconds: float) -> Path:
    """path converted to `target` (docx, doc, pdf, ods, xlsx) as out_dir/<stem>.<target>.

    The source is copied into a temp folder first; LibreOffice runs there with a profile of its own and is
    killed (its whole process group) when it takes longer than `seconds`. Raises ReadError.
    """
    program = libreoffice()
    if program is None:
        raise ReadError("tool_missing",
                        f"Máy chưa cài LibreOffice nên không chuyển được tệp {Path(path).suffix}; hãy cài bằng lệnh "
                        f"`{INSTALL_HINT}` (hoặc chạy `make build` với quyền root) rồi chạy lại (LibreOffice missing)")
    path, out_dir = Path(path), Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="cchc-convert-") as work:
        work = Path(work)
        source = work / "in" / f"document{path.suffix.lower()}"
        source.parent.mkdir()
        shutil.copyfile(path, source)
        command = [program, "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nofirststartwizard",
                   f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   "--convert-to", FILTERS.get(target, target), "--outdir", str(work / "out"), str(source)]
        run_killable(command, seconds, cwd=work, env={**os.environ, "HOME": str(work)})
        made = work / "out" / f"document.{target}"
        if not made.is_file() or made.stat().st_size == 0:
            raise ReadError("file_unreadable",
                            f"LibreOffice không chuyển được tệp {path.suffix} sang {target} (tệp hỏng?) "
                            f"(conversion failed)")
        out_dir.mkdir(parents=True, exist_ok=True)
        result = out_dir / f"{path.stem}.{target}"
        shutil.move(str(made), result)
    return result


def convert_many(paths: list[Path], target: str, out_dir: str | Path, seconds: float) -> list[Path]:
    """Several files converted by one LibreOffice run (the sample writer's batch); the made files, in order.

    Each source is copied into the temp folder under a plain name first, as in convert()."""
    program = libreoffice()
    if program is None:
        raise ReadError("tool_missing", f"Máy chưa cài LibreOffice; hãy cài bằng lệnh `{INSTALL_HINT}`")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cchc-convert-") as work:
        work = Path(work)
        (work / "in").mkdir()
        sources = []
        for n, path in enumerate(paths):
            source = work / "in" / f"document{n:04d}{Path(path).suffix.lower()}"
            shutil.copyfile(path, source)
            sources.append(source)
        command = [program, "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nofirststartwizard",
                   f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   "--convert-to", FILTERS.get(target, target), "--outdir", str(work / "out"), *map(str, sources)]
        run_killable(command, seconds * max(1, len(paths)), cwd=work, env={**os.environ, "HOME": str(work)})
        made = []
        for source in sources:
            result = work / "out" / f"{source.stem}.{target}"
            if not result.is_file():
                raise ReadError("file_unreadable", f"LibreOffice không chuyển được {source.name} sang {target}")
            final = out_dir / result.name
            shutil.move(str(result), final)
            made.append(final)
    return made


def run_killable(command: list[str], seconds: float, **kwargs) -> subprocess.CompletedProcess:
    """Run a program in its own process group; past `seconds`, kill the group and raise read_timeout."""
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                          **kwargs) as proc:
        try:
            out, err = proc.communicate(timeout=seconds)
        except subprocess.TimeoutExpired as exc:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.communicate()
            raise ReadError("read_timeout",
                            f"{Path(command[0]).name} chạy quá {seconds:g} giây với tệp này, đã dừng (giới hạn trong "
                            f"cchc.toml) (time limit exceeded)") from exc
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


def read_converted(path: str | Path, log, source_file: str, max_rows: int, limits=None) -> list[Grid]:
    """A .doc/.odt read as the docx LibreOffice makes of it (in a temp folder)."""
    from .docx import read_docx

    seconds = getattr(limits, "convert_seconds", 90)
    with tempfile.TemporaryDirectory(prefix="cchc-docx-") as out:
        docx_path = convert(path, "docx", out, seconds)
        return read_docx(docx_path, log, source_file, max_rows)


def read_ods(path: str | Path, log, source_file: str, max_rows: int) -> list[Grid]:
    """Every visible sheet of an OpenDocument spreadsheet, as the xlsx/xls readers give them (python-calamine)."""
    import python_calamine as pc

    from .xlsx import calamine_read_error, workbook_grids

    try:
        with open(path, "rb") as fh:
            workbook = pc.CalamineWorkbook.from_filelike(fh)
    except Exception as exc:  # calamine's own error types
        raise calamine_read_error(exc) from exc
    return workbook_grids(workbook, log, source_file, max_rows, {})
