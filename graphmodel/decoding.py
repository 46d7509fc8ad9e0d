"""The encoding of a register's text file: found from its bytes, never guessed into mojibake.

Recognised: UTF-8 (with or without BOM), UTF-16 and UTF-32 with a BOM, GB18030 (and GBK,
GB2312, its subsets) and Big5. Every Big5 byte pair is also a GBK pair, and many GBK pairs
are Big5 pairs, so a file that decodes in both is judged by the characters each reading
gives: a register reads as common Chinese characters (GB2312's first level, Big5's frequent
characters), while the wrong reading gives rare characters, kana, Greek, box drawing. A
reading is taken only when it is clearly Chinese and clearly better than the other one;
otherwise the file is refused, naming the candidates and ``load --encoding``.
charset-normalizer names the likely encoding of a file that is none of these.

>>> decode("名稱,新偉街".encode("big5"), "x.csv")
'名稱,新偉街'
>>> decode("名称,新伟街".encode("gbk"), "x.csv")
'名称,新伟街'
"""

from __future__ import annotations

import codecs
from collections import Counter
from functools import cache

from graphmodel.i18n import Codes, Text

#: byte-order marks, the longest first (UTF-32's begins with UTF-16's)
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))
#: the Chinese encodings tried on text that is not UTF-8
CHINESE = ("gb18030", "big5")
FAMILIES = {"gb18030": ("gb18030",), "big5": ("big5", "cp950", "big5hkscs")}
#: a reading is Chinese when this share of its non-ASCII characters are common ones ...
PLAUSIBLE = 0.9
#: ... and the other reading's share is at least this much lower
MARGIN = 0.2
#: characters of a long text that its share is judged by
SAMPLE = 1_000_000


class EncodingProblem(Exception):
    """The text cannot be decoded with confidence; ``message`` says why, ``offset`` is the
    first byte concerned (or None)."""

    def __init__(self, message: Text, offset: int | None = None):
        super().__init__(message)
        self.message, self.offset = message, offset


def decode(data: bytes, file: str, encoding: str | None = None) -> str:
    """The text of a file's bytes, in ``encoding`` if given, else in the encoding its bytes
    show (see the module's docstring); EncodingProblem when that is doubtful."""
    if encoding is not None:
        return _decode_as(data, encoding)
    for bom, name in BOMS:
        if data.startswith(bom):
            return _decode_as(data, name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        bad = utf8_error.start
    if b"\x00" in data[:4096]:
        raise EncodingProblem(Text(
            "the file holds NUL bytes: it looks like UTF-16 or UTF-32 without a byte-order "
            "mark; save it as UTF-8, or give its encoding: --encoding utf-16-le (or "
            "utf-16-be)"), data.index(b"\x00"))
    utf8_line = _first_non_ascii_utf8_line(data)
    if utf8_line is not None:
        raise EncodingProblem(Text(
            "byte {byte:#04x} is not UTF-8, while line {line} is UTF-8: the file mixes "
            "encodings; save it again as UTF-8", byte=data[bad], line=utf8_line), bad)
    readings: dict[str, str] = {}
    broken: dict[str, UnicodeDecodeError] = {}  # family -> where its first codec failed
    for family in CHINESE:
        for name in FAMILIES[family]:  # (Big5 as Windows and Hong Kong extend it, too)
            try:
                readings[name] = data.decode(name)
                break
            except UnicodeDecodeError as error:
                broken.setdefault(family, error)
    scores = {name: chinese_share(text) for name, text in readings.items()}
    ranked = sorted(scores, key=scores.__getitem__, reverse=True)
    if ranked and scores[ranked[0]] >= PLAUSIBLE and all(
            scores[other] <= scores[ranked[0]] - MARGIN for other in ranked[1:]):
        return readings[ranked[0]]
    if not any(score >= PLAUSIBLE - MARGIN for score in scores.values()):
        for family, error in sorted(broken.items(), key=lambda item: -item[1].start):
            before = data[:error.start].decode(family)
            if not before.isascii() and chinese_share(before) >= PLAUSIBLE:
                raise EncodingProblem(Text(
                    "byte {byte:#04x} is not {family}, while the text before it is Chinese in "
                    "{family}: a damaged byte, or a file mixing encodings; fix it, or save the "
                    "file again as UTF-8", byte=data[error.start], family=family), error.start)
    raise EncodingProblem(_doubtful(data, bad, scores), bad)


def _decode_as(data: bytes, encoding: str) -> str:
    """``data`` decoded strictly as ``encoding`` (a UTF-8 BOM dropped), or EncodingProblem
    naming the first byte that is not of it."""
    name = codecs.lookup(encoding).name
    if name == "utf-8":
        name = "utf-8-sig"
    try:
        return data.decode(name)
    except UnicodeDecodeError as error:
        raise EncodingProblem(Text("byte {byte:#04x} is not {encoding} ({reason})",
                                   byte=data[error.start], encoding=encoding,
                                   reason=error.reason), error.start) from None


def _doubtful(data: bytes, bad: int, scores: dict[str, float]) -> Text:
    """The refusal of text whose encoding is doubtful: the candidates, how to choose."""
    candidates = [name for name, score in sorted(scores.items(), key=lambda item: -item[1])
                  if score >= PLAUSIBLE - MARGIN]
    if len(candidates) > 1:
        head = Text("the file is not UTF-8 (byte {byte:#04x}) and its encoding is doubtful: "
                    "it reads as Chinese text both in {candidates}", byte=data[bad],
                    candidates=Codes("encoding", candidates, " and in "))
    else:
        candidates = candidates or _likely(data)
        shown = (Text("; it may be {candidates}", candidates=Codes("encoding", candidates,
                                                                  " or "))
                 if candidates else "")
        head = Text("the file is not UTF-8 (byte {byte:#04x}) nor Chinese text in GB18030 or "
                    "Big5{shown}", byte=data[bad], shown=shown)
    example = candidates[0] if candidates else "gb18030"
    return Text("{head}; give its encoding (load --encoding {example}), or save it as UTF-8",
                head=head, example=example)


#: encodings charset-normalizer chooses among for text that is none of the recognised ones
#: (registers kept outside China: Western and Central European, Cyrillic, Japanese, Korean)
OTHERS = ("cp1252", "latin_1", "cp1250", "cp1251", "koi8_r", "shift_jis", "euc_jp", "cp949",
          "euc_kr")


def _likely(data: bytes) -> list[str]:
    """charset-normalizer's best reading of bytes that are none of the recognised ones: the
    encodings that read them alike, the commonest first (at most 3)."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # (a dependency; absent only in a broken install)
        return []
    best = from_bytes(data[:200_000], cp_isolation=list(OTHERS)).best()
    if best is None:
        return []
    alike = [name for name in OTHERS if name in {best.encoding, *best.could_be_from_charset}]
    return alike[:3]


def chinese_share(text: str) -> float:
    """The share of the non-ASCII characters of ``text`` (counted with repeats) that are
    common Chinese characters or punctuation; 1.0 for ASCII text.

    A long text is judged by SAMPLE characters taken from 8 places along it (counting
    every character of 9 MB took 0.3 s).

    >>> chinese_share("新偉街"), round(chinese_share("穝岸刁"), 2)
    (1.0, 0.67)
    """
    if len(text) > SAMPLE:
        step, size = len(text) // 8, SAMPLE // 8
        text = "".join(text[start:start + size] for start in range(0, 8 * step, step))
    counts = Counter(text)
    common = _common_characters()
    total = plausible = 0
    for char, count in counts.items():
        if char < "\x80":
            continue
        total += count
        if char in common:
            plausible += count
    return plausible / total if total else 1.0


@cache
def _common_characters() -> frozenset[str]:
    """GB2312's first level (3,755 characters), Big5's frequent characters (5,401), and the
    punctuation and full-width forms of both."""
    chars: set[str] = set()
    for encoding, leads, trails in (
            ("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),
            ("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)]),
            ("gb2312", (0xA1, 0xA3), range(0xA1, 0xFF)),  # punctuation, full-width forms
            ("big5", (0xA1, 0xA2), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])):
        for lead in leads:
            for trail in trails:
                try:
                    chars.add(bytes((lead, trail)).decode(encoding))
                except UnicodeDecodeError:
                    continue
    chars.update("\u00a0\u00b7\u00d7\u2014\u2018\u2019\u201c\u201d\u2026\u3000")
    return frozenset(chars)


def _first_non_ascii_utf8_line(data: bytes) -> int | None:
    """The first line that holds non-ASCII text and is valid UTF-8, if any."""
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if raw.isascii():
            continue
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        return number
    return None
