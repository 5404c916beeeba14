"""Vietnamese text: legacy fonts (TCVN3, VNI-Windows) → Unicode, NFC, spacing, name case, accent-free keys.

Text typed in the legacy fonts reaches Excel/Word as the Windows-1252 characters of the font's bytes
("Céng hoµ" for "Cộng hoà" in .VnTime, "Coäng hoøa" in VNI-Times). The mapping tables are data in
``cchc_analysis/data/tcvn3.tsv`` and ``vni.tsv``. The font name is the first signal; without one a string is
converted only when the conversion turns non-Vietnamese words into valid Vietnamese syllables.
"""
from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from pathlib import Path

import ftfy
import numpy as np
import pandas as pd

DATA_DIR = Path(__file__).resolve().parent / "data"

# the five tone marks as combining characters (grave, hook, tilde, acute, dot below)
_TONES = "\u0300\u0309\u0303\u0301\u0323"
# letters and marks that only real Unicode Vietnamese holds (never a legacy font read as Windows-1252)
_UNICODE_VIETNAMESE = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0"
                                 "\u1ea0-\u1ef9\u0300-\u0303\u0309\u0323]")
_SPACES = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


# ---------------------------------------------------------------------------------------------- tables


def _read_tsv(name: str) -> list[tuple[str, str]]:
    """(Unicode letter, legacy characters) pairs of a table in data/; the hex column is authoritative."""
    pairs = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("unicode\t"):
            continue
        letter, hex_bytes = line.split("\t")[:2]
        pairs.append((unicodedata.normalize("NFC", letter), bytes.fromhex(hex_bytes).decode("cp1252")))
    return pairs


@functools.cache
def _tcvn3_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(legacy char → letter, letter → legacy char)."""
    pairs = _read_tsv("tcvn3.tsv")
    return {legacy: letter for letter, legacy in pairs}, {letter: legacy for letter, legacy in pairs}


@functools.cache
def _tcvn3_translation() -> dict[int, str]:
    # str.translate runs in C: a whole file converts as fast as it decodes
    return {ord(legacy): letter for legacy, letter in _tcvn3_tables()[0].items()}


@functools.cache
def _vni_tables() -> tuple[dict[str, str], dict[str, str], re.Pattern]:
    """(legacy sequence → letter, letter → legacy sequence, longest-first pattern of the sequences)."""
    pairs = _read_tsv("vni.tsv")
    decode = {legacy: letter for letter, legacy in pairs}
    # longest match first: "ôù" (ớ) before "ô" (ơ)
    pattern = re.compile("|".join(re.escape(k) for k in sorted(decode, key=len, reverse=True)))
    return decode, {letter: legacy for letter, legacy in pairs}, pattern


# ---------------------------------------------------------------------------------------------- conversion


def tcvn3_to_unicode(s: str, capitals: bool = False) -> str:
    """TCVN3 (ABC, .VnTime) characters → Unicode; ``capitals`` for the capitals fonts (.VnTimeH)."""
    text = s.translate(_tcvn3_translation())
    return text.upper() if capitals else text


def vni_to_unicode(s: str) -> str:
    """VNI-Windows characters → Unicode, base letter + mark decoded by longest match."""
    decode, _, pattern = _vni_tables()
    return pattern.sub(lambda m: decode[m.group(0)], s)


def unicode_to_tcvn3(s: str) -> str:
    """Unicode → TCVN3 characters (for the sample generator and tests).

    TCVN3 has only seven capitals (Ă Â Ê Ô Ơ Ư Đ); any other accented capital is written with the
    lower-case byte, as a typist in the plain font would, so it comes back lower-case.
    """
    _, encode = _tcvn3_tables()
    text = unicodedata.normalize("NFC", s)
    return "".join(encode.get(ch) or encode.get(ch.lower(), ch) for ch in text)


def unicode_to_vni(s: str) -> str:
    """Unicode → VNI-Windows characters (for the sample generator and tests)."""
    _, encode, _ = _vni_tables()
    return "".join(encode.get(ch, ch) for ch in unicodedata.normalize("NFC", s))


def _converter(encoding: str):
    return tcvn3_to_unicode if encoding == "tcvn3" else vni_to_unicode


# ---------------------------------------------------------------------------------------------- detection

_INITIALS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_FINALS = "ch|ng|nh|c|m|n|p|t"
# vowel groups (tone marks removed), by whether a final consonant may follow: "sayn", "tiê" are not Vietnamese
_OPEN_NUCLEI = "iêu|yêu|oai|oao|oay|oeo|uây|uôi|ươi|ươu|uya|uyu|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ua|ui|ưa|ưi|ưu|uơ"
_FREE_NUCLEI = "oa|oe|uê|uy|a|e|ê|i|o|ô|ơ|u|ư|y"
_CLOSED_NUCLEI = "uyê|iê|yê|uô|ươ|oă|oo|uâ|ă|â"
_SYLLABLE_SHAPES = (
    re.compile(f"({_INITIALS})?({_OPEN_NUCLEI})()"),
    re.compile(f"({_INITIALS})?({_FREE_NUCLEI})({_FINALS})?"),
    re.compile(f"({_INITIALS})?({_CLOSED_NUCLEI})({_FINALS})"),
)
_STOP_FINALS = ("c", "ch", "p", "t")
_STOP_TONES = "\u0301\u0323"  # a syllable ending in a stop takes only the acute or the dot below
_MARKED_VOWELS = "ăâêôơư"


def _tone_places(nucleus: str, has_final: bool) -> set[int]:
    """Where the tone may sit in a vowel group: the marked vowel, else by the spelling rules (old and new style)."""
    marked = [i for i, ch in enumerate(nucleus) if ch in _MARKED_VOWELS]
    if marked:
        return {marked[-1]}
    if has_final or len(nucleus) == 1:
        return {len(nucleus) - 1}
    if len(nucleus) == 3:
        return {1}
    if nucleus in ("oa", "oe", "uy"):
        return {0, 1}
    return {0}


@functools.lru_cache(maxsize=1 << 17)  # words repeat across cells and names: judge each spelling once
def _is_syllable(word: str) -> bool:
    """True when a word is spelled like one Vietnamese syllable: known vowel group and final, one tone in its place."""
    letters = [unicodedata.normalize("NFD", ch) for ch in unicodedata.normalize("NFC", word.lower())]
    toned = [(i, t) for i, ch in enumerate(letters) for t in ch if t in _TONES]
    if len(toned) > 1:
        return False
    bare = "".join(unicodedata.normalize("NFC", "".join(c for c in ch if c not in _TONES)) for ch in letters)
    return any(_fits_shape(shape.fullmatch(bare), toned) for shape in _SYLLABLE_SHAPES)


def _fits_shape(match: re.Match | None, toned: list[tuple[int, str]]) -> bool:
    if match is None:
        return False
    final = match.group(3) or ""
    if final in _STOP_FINALS and not (toned and toned[0][1] in _STOP_TONES):
        return False
    if not toned:
        return True
    return toned[0][0] - match.start(2) in _tone_places(match.group(2), bool(final))


@functools.cache
def _legacy_chars() -> str:
    tcvn3 = "".join(_tcvn3_tables()[0])
    vni = "".join({ch for key in _vni_tables()[0] for ch in key})
    return "".join(sorted(set(tcvn3 + vni) - set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")))


@functools.cache
def _word_pattern() -> re.Pattern:
    # a word that holds at least one character of a legacy table ("x·", "héi", "Vieät")
    legacy = re.escape(_legacy_chars())
    return re.compile(f"[A-Za-z{legacy}]*[{legacy}][A-Za-z{legacy}]*")


def _legacy_words(s: str, limit: int = 5000) -> list[str]:
    """Distinct words holding legacy-table characters (capped, so a large file is judged on a sample)."""
    words = dict.fromkeys(_word_pattern().findall(s))
    return list(words)[:limit]


def _syllable_gain(words: list[str], encoding: str) -> tuple[int, int, int]:
    """(words the conversion changes, valid syllables before, valid syllables after)."""
    convert = _converter(encoding)
    changed = before = after = 0
    for word in words:
        converted = convert(word)
        # a lone sign ("©", "×", "µ") is not a word to judge by
        if converted == word or len(word) < 2:
            continue
        changed += 1
        before += _is_syllable(word)
        after += _is_syllable(converted)
    return changed, before, after


def _legacy_by_statistics(s: str) -> str | None:
    if s.isascii() or _UNICODE_VIETNAMESE.search(s):
        return None
    return _legacy_of_words(_legacy_words(s))


def _legacy_of_words(words: list[str]) -> str | None:
    """The encoding whose conversion gains the most valid syllables; None when neither gains or they tie."""
    gains = {}
    for encoding in ("tcvn3", "vni"):
        changed, before, after = _syllable_gain(words, encoding)
        # convert only when it turns words into Vietnamese that were not Vietnamese before
        if changed and after > before and after >= 0.5 * changed:
            gains[encoding] = (after - before, after)
    if not gains:
        return None
    ranked = sorted(gains, key=gains.get, reverse=True)
    if len(ranked) == 2 and gains[ranked[0]] == gains[ranked[1]]:
        return None
    return ranked[0]


def detect_legacy_many(texts) -> str | None:
    """"tcvn3" / "vni" / None for many texts judged together (a sheet, a document).

    Cells holding real Unicode Vietnamese are left out, so a sheet mixing Unicode and legacy cells is judged on its
    legacy cells; a reader can then pass the result as ``font`` to ``clean_text`` for short ambiguous cells
    ("èm" is "ốm" in a TCVN3 sheet).
    """
    words: dict[str, None] = {}
    for text in texts:
        if isinstance(text, str) and not text.isascii() and not _UNICODE_VIETNAMESE.search(text):
            words.update(dict.fromkeys(_word_pattern().findall(text)))
            if len(words) >= 5000:
                break
    return _legacy_of_words(list(words)[:5000])


@functools.lru_cache(maxsize=65536)
def _detect_cached(s: str) -> str | None:
    return _legacy_by_statistics(s)


def legacy_font(font: str | None) -> str | None:
    """"tcvn3" / "vni" when a font name is a legacy Vietnamese font (".VnTime", "VNI-Times"), else None."""
    if not font:
        return None
    name = str(font).strip()
    lowered = name.lower()
    if lowered.startswith(".vn") or lowered in ("tcvn3", "abc", "tcvn"):
        return "tcvn3"
    if re.match(r"vni(?:[-_ ]|$)", lowered):
        return "vni"
    return None


def is_capitals_font(font: str | None) -> bool:
    """True for the TCVN3 capitals fonts (".VnTimeH", ".VnArialH"), drawn over the lower-case bytes."""
    name = str(font or "").strip()
    return name.lower().startswith(".vn") and name.endswith("H")


def detect_legacy(s: str, font: str | None = None) -> str | None:
    """"tcvn3", "vni" or None: the font name first, else the characters of the text.

    Text holding real Unicode Vietnamese letters (ă đ ơ ư ạ … or combining tones) is never legacy, whatever
    the font. Without a legacy font, a string is legacy only when converting it turns more of its words into
    valid Vietnamese syllables than it had ("Céng hoµ x· héi" → tcvn3).
    Short ambiguous words ("Tên", "Hoà Bình", "Café") stay Unicode: pass the font when it is known.
    """
    if not isinstance(s, str) or not s:
        return legacy_font(font)
    if _UNICODE_VIETNAMESE.search(s):
        # real Unicode Vietnamese is never legacy, whatever font the cell carries
        return None
    by_font = legacy_font(font)
    if by_font:
        return by_font
    return _detect_cached(s) if len(s) <= 2000 else _legacy_by_statistics(s)


def _looks_capitals(s: str) -> bool:
    """ABC text with every plain letter upper-case was typed in a capitals font (.VnTimeH)."""
    ascii_letters = [ch for ch in s if ch.isascii() and ch.isalpha()]
    return len(ascii_letters) >= 2 and all(ch.isupper() for ch in ascii_letters)


def to_unicode(s: str, encoding: str | None, font: str | None = None) -> str:
    """Legacy text → Unicode for a known encoding ("tcvn3" / "vni"); other text unchanged."""
    if encoding == "tcvn3":
        # a real font name says which (.VnTime / .VnTimeH); else the letters do ("tcvn3" from a sheet, or no font)
        named = str(font or "").strip().lower().startswith(".vn")
        capitals = is_capitals_font(font) if named else _looks_capitals(s)
        return tcvn3_to_unicode(s, capitals=capitals)
    if encoding == "vni":
        return vni_to_unicode(s)
    return s


# ---------------------------------------------------------------------------------------------- cleaning


@functools.cache
def _cp1252_bytes() -> dict[int, int]:
    """Character → byte of Windows-1252 (latin-1 for the five bytes it leaves undefined)."""
    return {ord(bytes([b]).decode("cp1252") if _decodes(bytes([b]), "cp1252") else chr(b)): b for b in range(256)}


@functools.cache
def _mojibake_pattern() -> re.Pattern:
    # a UTF-8 lead byte then continuation bytes, all read as Windows-1252: "á»…" for "ễ", "Ä‘" for "đ"
    continuation = "".join(chr(c) for c, b in _cp1252_bytes().items() if 0x80 <= b <= 0xBF)
    return re.compile(f"[\u00c2-\u00f4][{re.escape(continuation)}]")


# ftfy's encoding repair alone: quotes, widths, ligatures, line breaks and normal form are left as typed
_FTFY_ENCODING_ONLY = ftfy.TextFixerConfig(
    unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False, fix_character_width=False,
    uncurl_quotes=False, fix_line_breaks=False, remove_control_chars=False, normalization=None, explain=False,
)


def _undo_mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252 and saved again ("Nguyá»…n", "Trần Thị HÆ°Æ¡ng"), once or twice → the text it was.

    ftfy does the repair (a mix of good and broken words, layers of it); legacy-font text (TCVN3, VNI) is left alone.
    The cheap test first: most text holds no lead byte followed by a continuation byte and skips ftfy.
    """
    if not _mojibake_pattern().search(text):
        return text
    return ftfy.fix_text(text, _FTFY_ENCODING_ONLY)


def _is_missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def clean_text(value, font: str | None = None, keep_lines: bool = False) -> str:
    """The one normaliser of cell/paragraph text: legacy font → Unicode, NFC, whitespace runs → one space.

    Also repairs UTF-8 read as Windows-1252 ("Nguyá»…n" → "Nguyễn") and the eth look-alike Ð → Đ.

    ``font`` is the cell's or run's font name (".VnTime", "VNI-Times"), or "tcvn3" / "vni" when the caller
    already knows. None/NaN → "". Numbers become their ``str``.
    ``keep_lines``: line breaks typed inside a cell (Alt+Enter) stay as "\n" between the normalised lines, blank
    lines dropped — two names on two lines are two people; ``fold``/``match_key`` still read "\n" as a space.
    """
    if _is_missing(value):
        return ""
    text = value if isinstance(value, str) else str(value)
    # NFD from Macs and legacy text pasted through NFD tools both become composed first
    text = unicodedata.normalize("NFC", _undo_mojibake(text))
    encoding = detect_legacy(text, font)
    if encoding:
        text = unicodedata.normalize("NFC", to_unicode(text, encoding, font))
    if "\u00d0" in text or "\u00f0" in text:
        text = _vietnamese_d(text)
    if keep_lines and _LINE_BREAKS.search(text):
        lines = (_SPACES.sub(" ", line).strip() for line in _LINE_BREAKS.split(text))
        return "\n".join(line for line in lines if line)
    return _SPACES.sub(" ", text).strip()


# Alt+Enter in Excel ("\n", "\r\n"), Word's soft break and the Unicode line/paragraph separators
_LINE_BREAKS = re.compile(r"[\r\n\v\f\u0085\u2028\u2029]+")


_ETH_TO_D = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ"})


def _vietnamese_d(text: str) -> str:
    """Ð/ð (Icelandic eth, look-alikes some keyboards and converters give for Đ/đ) → Đ/đ in Vietnamese text."""
    return text.translate(_ETH_TO_D) if _UNICODE_VIETNAMESE.search(text) else text


def name_case(s) -> str:
    """Vietnamese name case: "NGUYỄN văn  AN" → "Nguyễn Văn An" (text cleaned first)."""
    # NFC first (clean_text): str.title() splits a word at a combining mark ("NGUYÊ\u0303N" → "NguyễN")
    return clean_text(s).title()


_D_FOLD = str.maketrans({"đ": "d", "Đ": "D", "\u00f0": "d", "\u00d0": "D"})  # eth look-alikes too


def fold(s) -> str:
    """Accent-free lower case, đ → d, single-spaced, punctuation kept: "Phường  Sao Đỏ" → "phuong sao do"."""
    if _is_missing(s):
        return ""
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFC", str(s)))
    bare = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_D_FOLD)
    return _SPACES.sub(" ", bare.lower()).strip()


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def match_key(s) -> str:
    """``fold`` with every run of characters other than a-z, 0-9 → one space: "TH&THCS Lê-Lợi" → "th thcs le loi"."""
    if isinstance(s, str):
        return _match_key_of_text(s)
    return _NON_ALNUM.sub(" ", fold(s)).strip()


@functools.lru_cache(maxsize=1 << 16)
def _match_key_of_text(s: str) -> str:
    # the config's word lists are keyed again on every cell they are compared with: remember the keys
    return _NON_ALNUM.sub(" ", fold(s)).strip()


def starts_with_words(key: str, words) -> bool:
    """The ``match_key`` text opens with one of the words (each keyed with ``match_key``), as whole words."""
    return any(key == w or key.startswith(w + " ") for w in (match_key(x) for x in words) if w)


def has_words(key: str, words) -> bool:
    """The ``match_key`` text holds one of the words (each keyed with ``match_key``) as whole words."""
    padded = f" {key} "
    return any(f" {w} " in padded for w in (match_key(x) for x in words) if w)


def _per_distinct(series: pd.Series, func) -> pd.Series:
    """Apply a text function once per distinct value and map it back (1M rows, 2k names: 2k calls)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    results = np.array([func(u) for u in uniques] + [""], dtype=object)
    # code -1 (missing) picks the trailing ""
    return pd.Series(results[codes], index=series.index, name=series.name, dtype="str")


def fold_series(series: pd.Series) -> pd.Series:
    """``fold`` of every value, computed once per distinct value; missing → ""."""
    return _per_distinct(series, fold)


def match_key_series(series: pd.Series) -> pd.Series:
    """``match_key`` of every value, computed once per distinct value; missing → ""."""
    return _per_distinct(series, match_key)


def clean_text_series(series: pd.Series) -> pd.Series:
    """``clean_text`` of every value, computed once per distinct value; missing → ""."""
    return _per_distinct(series, clean_text)


def name_case_series(series: pd.Series) -> pd.Series:
    """``name_case`` of every value, computed once per distinct value; missing → ""."""
    return _per_distinct(series, name_case)


# ---------------------------------------------------------------------------------------------- bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_WORD = re.compile(r"[^\W\d_]+")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """(text, codec) of UTF-16 with no BOM: a NUL in every other byte of Latin text; else None."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    for nuls, codec in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if nuls >= 0.3 * half:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            # binary read as UTF-16 gives characters of every script; Latin/Vietnamese text does not
            latin = sum(1 for ch in text if ch < "\u0250" or "\u1e00" <= ch <= "\u1eff")
            return (text, codec) if latin >= 0.95 * len(text) else None
    return None


@functools.cache
def _reading_word() -> re.Pattern:
    # letters, stray combining marks and legacy-font signs all count as word characters, so "§\\xadêng" is one
    # (invalid) word in a wrong reading, not a valid "êng"
    return re.compile(f"(?:[^\\W\\d_]|[\u0300-\u036f{re.escape(_legacy_chars())}])+")


def _vietnamese_score(text: str, limit: int = 5000) -> int:
    """Valid minus invalid Vietnamese syllables among the distinct non-ASCII words of a reading."""
    words = [w for w in dict.fromkeys(_reading_word().findall(text)) if not w.isascii() and len(w) > 1][:limit]
    valid = sum(_is_syllable(w) for w in words)
    return valid - (len(words) - valid)


# 0x80-0x9F less the cp1252 punctuation a Vietnamese text may hold (€ … ‘ ’ “ ” • – —)
_C1_NOT_PUNCTUATION = sorted(set(range(0x80, 0xA0)) - {0x80, 0x85, *range(0x91, 0x98)})


def _single_byte_reading(data: bytes, name: str) -> str | None:
    """Text of one single-byte reading: cp1258 (NFC), a legacy font over cp1252, or plain cp1252."""
    if name == "cp1258":
        return unicodedata.normalize("NFC", data.decode("cp1258")) if _decodes(data, "cp1258") else None
    # legacy-font bytes never use the few bytes cp1252 leaves undefined; latin-1 keeps them readable
    western = data.decode("cp1252") if _decodes(data, "cp1252") else data.decode("latin-1")
    return western if name == "cp1252" else to_unicode(western, name)


def _sample(data: bytes, size: int = 1 << 20) -> bytes:
    """The first ~1 MB cut at a line end: enough words to judge an encoding, cheap on a large export."""
    if len(data) <= size:
        return data
    cut = data.rfind(b"\n", 0, size)
    return data[: cut if cut > 0 else size]


def _count_bytes(data: bytes, values) -> int:
    """How many bytes of data are among values (bytes.translate deletes them in C)."""
    return len(data) - len(data.translate(None, bytes(values)))


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _is_text(text: str) -> bool:
    """Few control characters: not a binary file."""
    return len(_CONTROL.findall(text)) <= 0.01 * len(text)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Text of a file's bytes and the encoding used.

    Encodings: "utf-8-sig", "utf-16", "utf-32" (by BOM); "utf-8"; "utf-16-le"/"utf-16-be" (no BOM);
    "cp1258" (Windows-1258, composed to NFC); "tcvn3"/"vni" (Windows-1252 characters of a legacy font,
    converted); "cp1252". UTF-8 that was once read as Windows-1252 and saved again ("Nguyá»…n") is repaired.
    Raises UnicodeError when no reading gives plausible text (binary, another script's single-byte code).
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _unicode_text(data.decode(codec), codec)
    # before UTF-8: ASCII written as UTF-16 is valid UTF-8 full of NULs
    wide = _utf16_without_bom(data)
    if wide is not None:
        return _unicode_text(*wide)
    if _decodes(data, "utf-8"):
        return _unicode_text(data.decode("utf-8"), "utf-8")
    return _checked(*_best_single_byte(data))


def _unicode_text(text: str, codec: str) -> tuple[str, str]:
    """Text of a Unicode codec; legacy-font characters saved as Unicode (Excel "CSV UTF-8") are converted."""
    text = _undo_mojibake(text)
    encoding = detect_legacy(text)
    if encoding:
        return _checked(to_unicode(text, encoding), encoding)
    return _checked(text, codec)


def _best_single_byte(data: bytes) -> tuple[str, str]:
    """The single-byte reading that reads most like Vietnamese (judged on a sample); cp1252 wins ties."""
    sample = _sample(data)
    high = _count_bytes(sample, range(0x80, 0x100))
    c1 = _count_bytes(sample, _C1_NOT_PUNCTUATION)
    # Vietnamese single-byte text uses 0x80-0x9F only for quotes and dashes; CJK and EBCDIC letters live there
    visible = len(sample) - _count_bytes(sample, b" \t\r\n")
    # even NFD Vietnamese keeps most bytes ASCII; EBCDIC, Cyrillic or CJK bytes do not
    if c1 > 0.3 * high or (visible >= 20 and high > 0.6 * visible):
        raise UnicodeError("không nhận ra bảng mã của tệp (unknown text encoding)")
    # a legacy font competes only when its own test passes, so a few stray signs (© × µ) never make TCVN3
    legacy = _legacy_of_words(_legacy_words(_single_byte_reading(sample, "cp1252")))
    scores = {}
    for name in ("cp1258", legacy, "cp1252"):
        text = _single_byte_reading(sample, name) if name else None
        if text is not None:
            scores[name] = _vietnamese_score(text)
    best = max(scores, key=lambda name: (scores[name], name == "cp1252"))
    text = _single_byte_reading(data, best)
    if text is None or not _plausible_letters(_single_byte_reading(sample, best)):
        raise UnicodeError("không nhận ra bảng mã của tệp (unknown text encoding)")
    return text, best


def _plausible_letters(text: str) -> bool:
    """Western text is mostly ASCII letters, Vietnamese text mostly valid syllables; another script's bytes neither."""
    words = _WORD.findall(text)
    chars = sum(len(w) for w in words)
    foreign = sum(1 for w in words for ch in w if not ch.isascii())
    if foreign <= 0.4 * chars:
        return True
    accented = [w for w in dict.fromkeys(words) if not w.isascii()][:5000]
    return sum(_is_syllable(w) for w in accented) >= 0.6 * len(accented)


def _checked(text: str, encoding: str) -> tuple[str, str]:
    if not _is_text(text):
        raise UnicodeError(f"tệp không phải văn bản (not text: {encoding} gives control characters)")
    return unicodedata.normalize("NFC", text), encoding


__all__ = [
    "clean_text", "clean_text_series", "decode_bytes", "detect_legacy", "detect_legacy_many", "fold", "fold_series",
    "has_words", "is_capitals_font", "legacy_font", "match_key", "match_key_series", "name_case", "name_case_series",
    "starts_with_words", "tcvn3_to_unicode", "to_unicode", "unicode_to_tcvn3", "unicode_to_vni", "vni_to_unicode",
]
