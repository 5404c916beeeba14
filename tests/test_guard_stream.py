"""The zip guard inflates each part once, checks its declared size and CRC, and looks for a DTD in its prolog."""
from __future__ import annotations

import struct
import zipfile

import pytest

from cchc_analysis.readers import ReadError, check_file
from cchc_analysis.readers.guard import DTD_FOUND, root_start
from test_readers import ONE_SHARED_CELL, SHEET_END, SHEET_START, write_minimal_xlsx

SST_OPEN = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>An</t></si></sst>'


def guard_code(path, limits) -> str:
    with pytest.raises(ReadError) as info:
        check_file(path, limits)
    return info.value.code


def test_root_start_skips_declaration_comments_and_instructions():
    head = b'<?xml version="1.0"?>\n<!-- xu\xe1\xba\xa5t <b>ng\xc3\xa0y</b> -->\n<?mso-app x?><sst/>'
    assert head.decode("latin-1")[root_start(head):].startswith("<sst")


def test_root_start_finds_a_dtd_after_a_comment_that_holds_markup():
    # a comment holding "<a" must not be taken for the root element, or the DTD after it would go unseen
    assert root_start(b'<?xml version="1.0"?><!-- <a href> --><!DOCTYPE sst [<!ENTITY x "y">]><sst/>') == DTD_FOUND
    assert root_start(b'<?xml version="1.0"?><!doctype sst><sst/>') == DTD_FOUND


def test_root_start_reads_utf16_parts():
    head = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE sst><sst/>'.encode("utf-16")
    assert root_start(head) == DTD_FOUND
    assert root_start('\ufeff<?xml version="1.0"?><sst/>'.encode("utf-16-be")) > 0


def test_root_start_waits_when_the_head_ends_inside_the_prolog():
    assert root_start(b'<?xml version="1.0"?><!-- a long comment') is None


def test_dtd_after_a_huge_comment_is_refused(tmp_path, limits):
    # no root element within the first bytes: every byte of the part is searched, as before
    shared = b'<?xml version="1.0"?><!--' + b"x" * 200_000 + b'--><!DOCTYPE sst [<!ENTITY e SYSTEM "file:///etc/passwd">]>' \
        + SST_OPEN
    path = write_minimal_xlsx(tmp_path / "xxe.xlsx", [SHEET_START, ONE_SHARED_CELL, SHEET_END], shared)
    assert guard_code(path, limits) == "unsafe_xml"


def test_a_part_whose_crc_does_not_match_is_refused(tmp_path, limits):
    path = write_minimal_xlsx(tmp_path / "ok.xlsx", [SHEET_START, ONE_SHARED_CELL, SHEET_END],
                              b'<?xml version="1.0"?>' + SST_OPEN)
    assert check_file(path, limits) == "xlsx"
    data = bytearray(path.read_bytes())
    name = b"xl/sharedStrings.xml"
    central = data.find(b"PK\x01\x02")
    while central != -1:
        if data[central + 46:central + 46 + len(name)] == name:
            data[central + 16:central + 20] = (12345).to_bytes(4, "little")  # CRC-32 in the directory
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    assert guard_code(path, limits) == "file_truncated"


def test_stored_parts_are_checked_like_deflated_ones(tmp_path, limits):
    path = tmp_path / "stored.xlsx"
    parts = {}
    with zipfile.ZipFile(write_minimal_xlsx(tmp_path / "src.xlsx", [SHEET_START, ONE_SHARED_CELL, SHEET_END],
                                            b'<?xml version="1.0"?>' + SST_OPEN)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["xl/sharedStrings.xml"] = b'<?xml version="1.0"?><!DOCTYPE sst>' + SST_OPEN
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    assert guard_code(path, limits) == "unsafe_xml"


def test_a_damaged_deflate_stream_is_a_truncated_file(tmp_path, limits):
    path = write_minimal_xlsx(tmp_path / "ok.xlsx", [SHEET_START, ONE_SHARED_CELL * 2000, SHEET_END],
                              b'<?xml version="1.0"?>' + SST_OPEN)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    # the compressed bytes start after the local header, whose extra field may differ from the directory's
    name_length, extra_length = struct.unpack("<HH", bytes(data[info.header_offset + 26:info.header_offset + 30]))
    start = info.header_offset + 30 + name_length + extra_length
    data[start:start + 8] = b"\xff" * 8  # the first deflate block made invalid
    path.write_bytes(bytes(data))
    assert guard_code(path, limits) == "file_truncated"
