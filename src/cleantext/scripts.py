"""Unicode scripts: which script a document is written in, and runs of other scripts.

Each script gets a one-letter code.  Character classes are plain code-point ranges
so that the stdlib ``re`` engine scans them in C; the hot path never loops over
characters in Python.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import native

# Letter ranges per script.  Digits, spaces, punctuation and symbols are "common"
# and belong to no script.
RANGES: dict[str, str] = {
    "L": "A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0250-\u02af"
    "\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff\uff21-\uff3a\uff41-\uff5a",
    "R": "\u0370-\u0373\u0376-\u03ff\u1f00-\u1fff",  # Greek
    "C": "\u0400-\u0482\u048a-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f",  # Cyrillic
    "Y": "\u0531-\u0587\u10a0-\u10ff",  # Armenian, Georgian
    "E": "\u05d0-\u05f2",  # Hebrew
    "A": "\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff"
    "\ufb50-\ufdff\ufe70-\ufefc",  # Arabic
    "D": "\u0900-\u0dff",  # Devanagari and the other Indic scripts
    "T": "\u0e00-\u0e7f\u0e80-\u0eff",  # Thai, Lao
    "M": "\u1000-\u109f\u1780-\u17ff",  # Myanmar, Khmer
    "G": "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af",  # Hangul
    "K": "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f",  # Kana
    "H": "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f",  # Han
}
SCRIPT_NAMES = {
    "L": "Latin", "R": "Greek", "C": "Cyrillic", "Y": "Armenian/Georgian", "E": "Hebrew",
    "A": "Arabic", "D": "Indic", "T": "Thai", "M": "Myanmar/Khmer", "G": "Hangul",
    "K": "Kana", "H": "Han",
    # Not Unicode scripts: Han written the way another language writes it
    # (``variant_runs``).
    "S": "Simplified Chinese", "J": "Japanese-form Han",
}
# Scripts written without spaces between words: matching there is by substring.
UNSPACED = frozenset("HKTM")
# Run codes of unspaced text (the scripts, and the Han variants of ``variant_runs``).
UNSPACED_RUNS = UNSPACED | {"S", "J"}
# Scripts whose runs routinely appear inside other-script text for good reasons
# (brand names, acronyms, code), so a run of them is weak evidence by itself.
UBIQUITOUS = frozenset("L")

_ANY_LETTER = "".join(RANGES.values())
SEPARATORS = " \t\u3000\u00a0\u00b7\u30fb_\\-'\u2019.,\uff0c\u3001\u3002\uff1a:!\uff01?\uff1f|/~"


@dataclass(frozen=True, slots=True)
class ScriptProfile:
    """Letter counts per script and the scripts native to the document."""

    counts: tuple[tuple[str, int], ...]
    dominant: str
    natives: frozenset[str]
    letters: int

    def share(self, code: str) -> float:
        return dict(self.counts).get(code, 0) / self.letters if self.letters else 0.0


def _interval_table() -> tuple[np.ndarray, list[str]]:
    """Sorted interval starts/ends of every script range, for vectorised lookup."""
    bounds: list[tuple[int, int, str]] = []
    for code, rng in RANGES.items():
        i = 0
        while i < len(rng):
            lo = rng[i]
            if i + 2 < len(rng) and rng[i + 1] == "-":
                hi = rng[i + 2]
                i += 3
            else:
                hi = lo
                i += 1
            bounds.append((ord(lo), ord(hi), code))
    bounds.sort()
    edges = []
    codes = []
    for lo, hi, code in bounds:
        edges += [lo, hi + 1]
        codes += [code, ""]
    return np.asarray(edges, dtype=np.uint32), codes


_EDGES, _EDGE_CODES = _interval_table()
_NON_ALPHA_BYTES = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))


def _ascii_letters(text: str) -> int:
    return len(text.encode("ascii").translate(None, _NON_ALPHA_BYTES))


_EDGE_LIST = _EDGES.tolist()


def _code_table() -> tuple[np.ndarray, list[str]]:
    """Per code point (below the highest one any script range reaches), its script's
    index in the returned list of codes (0: no script): a vectorised lookup."""
    codes = [""] + sorted(set(c for c in _EDGE_CODES if c))
    table = np.zeros(int(_EDGES[-1]) + 1, dtype=np.uint8)
    for lo, hi, code in zip(_EDGE_LIST[::2], _EDGE_LIST[1::2], _EDGE_CODES[::2]):
        if code:
            table[lo:hi] = codes.index(code)
    return table, codes


_TABLE, _TABLE_CODES = _code_table()
_TABLE_BYTES = _TABLE.tobytes()  # for the compiled loop (``native``)


@lru_cache(maxsize=8192)
def _char_script(ch: str) -> str:
    i = bisect_right(_EDGE_LIST, ord(ch)) - 1
    return _EDGE_CODES[i] if i >= 0 else ""


def count_scripts(chars: str) -> dict[str, int]:
    """Letters per script code in ``chars`` (one vectorised pass).

    >>> count_scripts("ab 上海")
    {'L': 2, 'H': 2}
    """
    if not chars:
        return {}
    if len(chars) <= 64:  # a run or a span: a loop costs less than numpy's setup
        counts: dict[str, int] = {}
        for ch in chars:
            code = _char_script(ch)
            if code:
                counts[code] = counts.get(code, 0) + 1
        return counts
    if native.speedups is not None:
        found = native.speedups.script_counts(chars, _TABLE_BYTES, len(_TABLE_CODES))
        return {_TABLE_CODES[i]: n for i, n in enumerate(found) if n and i}
    cps = np.frombuffer(chars.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    # Code points past the table hold no script letter: clip them onto its last entry
    # (which is past every range's end, so 0).
    binned = np.bincount(_TABLE.take(np.minimum(cps, len(_TABLE) - 1)), minlength=len(_TABLE_CODES))
    return {_TABLE_CODES[i]: int(binned[i]) for i in np.flatnonzero(binned[1:]) + 1}


def profile(text: str) -> ScriptProfile:
    """Count letters per script and decide which scripts are native.

    The dominant script is native; so is any script holding at least 30% of the
    letters (bilingual documents), and Kana and Han together for Japanese.

    >>> profile("Hello world 你好").dominant
    'L'
    """
    if text.isascii():  # fast path: count ASCII letters with a C-level delete
        n = _ascii_letters(text)
        counts = {"L": n} if n else {}
    else:
        counts = count_scripts(text)
    letters = sum(counts.values())
    if not letters:
        return ScriptProfile((), "", frozenset(), 0)
    dominant = max(counts, key=lambda c: counts[c])
    natives = {dominant} | {c for c, n in counts.items() if n >= 0.3 * letters}
    han, kana = counts.get("H", 0), counts.get("K", 0)
    if dominant in "HK" and kana >= 0.05 * (han + kana):
        natives |= {"H", "K"}
    ordered = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return ScriptProfile(ordered, dominant, frozenset(natives), letters)


# What may stand between the letters of one run (1-3 of them; never a line break).
RUN_SEPARATORS = " \t\u3000\u00b7\u30fb\u3001\uff0c,.-_:\uff1a!\uff01?\uff1f|~"


@lru_cache(maxsize=64)
def _foreign_run_re(natives: frozenset[str]) -> re.Pattern[str]:
    foreign = "".join(rng for code, rng in RANGES.items() if code not in natives)
    if not foreign:
        return re.compile(r"(?!)")
    letter = f"[{foreign}]"
    # A run: foreign letters, digits glued to them, and short separators *between*
    # foreign letters (never a line break), so "上海 私人 品茶" is one run.
    sep = f"[{re.escape(RUN_SEPARATORS)}]{{1,3}}"
    return re.compile(f"{letter}[{foreign}0-9]*(?:{sep}{letter}[{foreign}0-9]*)*")


def _foreign_spans(text: str, tracked: frozenset[str]) -> list[tuple[int, int]]:
    """The matches of ``_foreign_run_re(tracked)`` in ``text``.

    The compiled loop finds the same runs from the script table, and saves the
    regex: compiling its classes of every other script's letters takes re 15-20 ms
    (a Python loop over each range's code points), once per set of native scripts.
    """
    if native.speedups is not None:
        mask = sum(1 << i for i, code in enumerate(_TABLE_CODES) if code and code not in tracked)
        spans: list[tuple[int, int]] = native.speedups.class_runs(text, _TABLE_BYTES, mask,
                                                                 RUN_SEPARATORS)
        return spans
    return [m.span() for m in _foreign_run_re(tracked).finditer(text)]


@dataclass(frozen=True, slots=True)
class Run:
    """A maximal run of letters from scripts that are not native to the document."""

    start: int
    end: int
    script: str


_GLUE_RIGHT_RE = re.compile(r"[A-Za-z0-9_@]+")


def foreign_runs(text: str, prof: ScriptProfile) -> list[Run]:
    """Runs of non-native script, with ASCII IDs glued to their right end, and
    Han written the way another language writes it (``variant_runs``), in order.

    >>> text = "Tech news. 上海龙凤千花1314 Artificial intelligence permeates urban life."
    >>> [text[r.start:r.end] for r in foreign_runs(text, profile(text))]
    ['上海龙凤千花1314']
    """
    runs = list(_script_runs(text, prof))
    variants = list(variant_runs(text, prof)) if "H" in prof.natives else []
    if variants:
        runs = sorted(runs + [v for v in variants
                              if not any(r.start < v.end and v.start < r.end for r in runs)],
                      key=lambda r: r.start)
    return runs


def _script_runs(text: str, prof: ScriptProfile) -> Iterator[Run]:
    if not prof.letters or len(prof.natives) == len(RANGES):
        return
    # Latin words in non-Latin text are brands, acronyms and code; lexicon and lure
    # hits cover Latin spam there, so Latin runs are not tracked.
    if "L" not in prof.natives and dict(prof.counts).get("L", 0) >= 8:  # 4 words, 2+ letters
        yield from _latin_phrases(text)
    tracked = prof.natives | UBIQUITOUS
    if all(code in tracked for code, _ in prof.counts):
        return  # every letter is native: nothing to find, skip the scan
    for start, end in _foreign_spans(text, tracked):
        while start > 0 and text[start - 1].isdigit():  # "1314上海": digits glued on the left
            start -= 1
        # Strip separators the pattern may have taken at the edges.
        while end > start and text[end - 1] in SEPARATORS:
            end -= 1
        glue = _GLUE_RIGHT_RE.match(text, end)
        if glue and "L" in prof.natives and any(c.isdigit() for c in glue.group()):
            end = glue.end()
        yield Run(start, end, dominant_script(text[start:end]))


# Four or more Latin words in a row: in non-Latin text that is a phrase, not a brand.
# (No attempt starts right after a letter: a match there would also match from that
# letter, which the search tries first.  Words run to 64 characters.  Without those
# two bounds, every letter of a long token ("@aaaa...", "1a1a1a...") started an
# attempt that scanned the rest of it: 6 s for 165,000 characters.  The look-behind
# comes after the first letter: leading the pattern, it would cost re its quick scan
# for that letter, and twice the time.)
_LATIN_PHRASE_RE = re.compile(
    r"[A-Za-z](?<![A-Za-z][A-Za-z])[\w'\u2019\-]{0,63}"
    r"(?:[ \t,.:\u2013\u2014/]{1,3}[A-Za-z0-9@$][\w'\u2019\-.@/]*){3,}"
)


def _latin_phrases(text: str) -> Iterator[Run]:
    """Latin phrases (4+ words) in non-Latin documents; shorter Latin is brands and acronyms."""
    for m in _LATIN_PHRASE_RE.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in SEPARATORS:
            end -= 1
        yield Run(m.start(), end, "L")


def dominant_script(span: str) -> str:
    """The script with the most letters in ``span`` ('' if it has none)."""
    if span.isascii():
        return "L" if _ascii_letters(span) else ""
    counts = count_scripts(span)
    return max(counts, key=lambda c: counts[c]) if counts else ""


_WORD_RE = re.compile(r"[^\W\d_]+")


def is_phrase_run(text: str, script: str) -> bool:
    """A foreign run long enough to be a phrase rather than a name or a term.

    Names and loanwords are short: two to five characters in Chinese or Japanese,
    one or two words elsewhere.  Six characters of an unspaced script, or three
    words and twelve letters of a spaced one, make a phrase.

    >>> is_phrase_run("上海私人品茶", "H"), is_phrase_run("习近平", "H")
    (True, False)
    >>> is_phrase_run("Эротический массаж", "C"), is_phrase_run("салон красоты и массажа", "C")
    (False, True)
    """
    if script in UNSPACED_RUNS:
        return letter_count(text) >= 6
    words = _WORD_RE.findall(text)
    return len(words) >= 3 and sum(map(len, words)) >= 12


def letter_count(span: str) -> int:
    """Number of letters (of any script) in ``span``."""
    if span.isascii():
        return _ascii_letters(span)
    return sum(map(len, _ANY_LETTER_RE.findall(span)))


_ANY_LETTER_RE = re.compile(f"[{_ANY_LETTER}]+")


# Han characters only Simplified Chinese writes: Japanese writes 買, 電, 話, 薬
# where Chinese ad copy has 买, 电, 话, 药.  Common ones, none of them a Japanese
# form too (学, 会, 国, 号 are written alike and are left out).
SIMPLIFIED_ONLY = frozenset(
    "这们个说时对过发动话电买卖药枪弹联购钱银开关门问间见现还进运远连选边样种车东书长"
    "马鸟鱼龙乐处务头实习员单华压历张应为业丽义乌专两严丰临举么亚产亲从众优伤传价侧"
    "债儿兰兴养兽冈册军农决况净减凤击刘则刚创删别剧办劳势协卫厅县变吗听启响围园图圣"
    "场坏块坚报备复够夺奋奖妇妈孙宁审宪宽寻导尔层岁岛币师带帮库庆异弃弯录归彻总战户"
    "护拥择挂换损摄收显晓术杀杂权极构标树检欢气汉汤沟济测涨满灭热爱猎环疗盖监盘矿码"
    "础离积稳穷竞笔节范简类纪约级纸线组细经结给统继续维综编缘网罗职肃胜脑脸舰艺苏获"
    "营虽补观规视览觉计认让议记讲设访证评识诉词译试诗该语误请读课调谈质费资赛转轮软"
    "轻载输达迁违递邮邻郑释钟钢铁错键镇闭闻阳阴际陆陈险隐难雾页项顺须顾领频题颜风飞"
    "饭馆驾验鲜鸡齐龄贩赌娱赚胶"
)
# ... and Han characters only Japanese writes (売, 薬, 気, 図: Chinese writes 卖/賣,
# 药/藥, 气/氣, 图/圖).
JAPANESE_ONLY = frozenset(
    "売薬気図駅広様払団圧転伝読続変剤単営価実発関辺険検験歩黒県従戦桜沢浜済渋焼猟獣"
    "穏経絵緑縄聴脳蔵覚観訳証譲込鉄銭隠雑鶏麺齢拡挙捜撃稲弾娯楽帯権歓勧覧闘録徴歳児"
    "亜悪円塩応殴帰拠剣圏顕厳鉱砕斎賛歯釈収縦粛奨剰壌嬢醸寝粋酔髄瀬摂専繊荘挿巣騒増"
    "遅択滝鋳悩覇廃髪抜仏弁舗穂黙揺謡頼両涙塁霊労"
)
_VARIANTS = {"S": SIMPLIFIED_ONLY, "J": JAPANESE_ONLY}
_VARIANT_RE = {code: re.compile("[" + "".join(sorted(chars)) + "]")
               for code, chars in _VARIANTS.items()}
# A stretch of Han with digits and Latin glued on ("C4塑胶炸药 电话145..."): kana,
# punctuation and line breaks end it.
_HAN_STRETCH_RE = re.compile(
    f"[{RANGES['H']}0-9A-Za-z][{RANGES['H']}0-9A-Za-z]*"
    f"(?:[ \t:\uff1a]{{1,2}}[{RANGES['H']}0-9A-Za-z]+)*"
)
# Distinct variant characters a stretch needs: one is a name or a loan.
MIN_VARIANT_CHARS = 2


def variant_runs(text: str, prof: ScriptProfile) -> Iterator[Run]:
    r"""Han written the way the other Han language writes it: Simplified Chinese in
    a Japanese document ("S"), Japanese forms in a Chinese one ("J").

    Japanese and Chinese share the Han script, so script runs cannot see Chinese
    ad copy pasted into a Japanese page.  Their character forms differ, though:
    a stretch of Han with two or more characters only the other language uses is
    that language.  Japanese sentences put kana every few characters, which ends
    a Chinese stretch; Chinese ones do not, so a Japanese stretch ends at its last
    Japanese form (and the ID glued to it).

    >>> text = "東京の天気は晴れです。购买自爆材料\n明日は雨が降るでしょう。"
    >>> [text[r.start:r.end] for r in variant_runs(text, profile(text))]
    ['购买自爆材料']
    >>> text = "这是一座寺院。媚薬販売LINEID:xw5078对于语言学家来说这是标志。"
    >>> [text[r.start:r.end] for r in variant_runs(text, profile(text))]
    ['媚薬販売LINEID:xw5078']
    """
    if "K" in prof.natives:
        code = "S"
    elif prof.dominant == "H":
        code = "J"
    else:
        return
    marker, chars = _VARIANT_RE[code], _VARIANTS[code]
    found = marker.search(text)
    while found is not None:
        pos = found.start()
        start = pos
        while start > 0 and _STRETCH_CHAR_RE.match(text, start - 1):  # to the stretch's start
            start -= 1
        m = _HAN_STRETCH_RE.match(text, start)
        end = m.end() if m else pos + 1
        stretch = text[start:end]
        if len(chars.intersection(stretch)) >= MIN_VARIANT_CHARS and letter_count(stretch) >= 3:
            if code == "J":
                last = max(i for i, c in enumerate(stretch) if c in chars)
                glue = _ID_GLUE_RE.match(text, start + last + 1)
                end = glue.end() if glue else start + last + 1
            while end > start and text[end - 1] in SEPARATORS:
                end -= 1
            yield Run(start, end, code)
        found = marker.search(text, max(end, pos + 1))


_ID_GLUE_RE = re.compile(r"[A-Za-z0-9_@:\-.]+")
_STRETCH_CHAR_RE = re.compile(f"[{RANGES['H']}0-9A-Za-z]")
