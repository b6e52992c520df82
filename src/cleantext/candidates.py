"""Context -> candidate spans: the strings that might have been injected.

Two kinds of seeds make candidates:

* a run of a script that is not native to the document (``上海龙凤千花1314`` in an
  English article), and
* a cluster of lexicon hits and contact lures in the document's own script
  (``slot gacor hari ini WA 0812...``), grown over neighbouring ad "glue" words
  and digits, and widened to the whole sentence when it fills most of it.

Candidates only say *where* to look; rules say how suspicious each one is.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from .lexicon import Hit
from .lures import Lure
from .repeats import overlaps_repeat, pasted_repeats
from .scripts import RANGES, UNSPACED, Run, dominant_script, letter_count
from .segment import Context, is_name

# Words that ad copy wraps around its keywords.  They never make a candidate on
# their own; they only let a cluster of real evidence grow over them.
GLUE = frozenset("""
buy cheap order online best top free now today here click discount sale sales official
site website link links login daftar situs resmi terpercaya terbaik hari ini gacor maxwin
gampang menang agen bandar deposit bonus promo no prescription without rx pills pill
mg generic delivery fast overnight shipping usa uk price prices guaranteed 100% vip
official-site www http https com net casino bet slot slots онлайн бонус
официальный сайт скачать играть бесплатно купить дешево
nhà cái uy tín link vào đăng ký tặng
""".split())
_SENT_BREAK_RE = re.compile(r"[\u3002\uff01\uff1f]|[.!?][\"'\u201d)]*\s")
_UNSPACED_RE = re.compile("[" + "".join(RANGES[c] for c in sorted(UNSPACED)) + "]")
_TOKEN_RE = re.compile(r"[\w%+\-]+", re.UNICODE)
# A cluster may jump this many characters of neutral text to join the next anchor.
MAX_GAP_CHARS = 30
MAX_GAP_WORDS = 4
# Runs of fewer letters are symbols or initials, not phrases.
MIN_RUN_LETTERS = 2


@lru_cache(maxsize=1)
def _autonyms() -> frozenset[str]:
    text = resources.files("cleantext").joinpath("data/autonyms.txt").read_text("utf-8")
    return frozenset(_HARAKAT_RE.sub("", unicodedata.normalize("NFC", line.strip())).casefold()
                     for line in text.splitlines() if line.strip() and not line.startswith("#"))


def is_autonym(span: str) -> bool:
    """True for a language's name in its own script, as in language menus.

    Menus write them in either case ("русский"), and some add the word for language
    ("українська мова").

    >>> is_autonym("Русский"), is_autonym("русский"), is_autonym("上海娱乐")
    (True, True, False)
    """
    key = _HARAKAT_RE.sub("", unicodedata.normalize("NFC", span.strip(" \t|·•/,()[]")))
    key = key.casefold()
    names = _autonyms()
    if key in names:
        return True
    head, _, tail = key.rpartition(" ")
    return tail in _LANGUAGE_WORDS and head in names


# The licence and registration numbers Chinese law requires in a site's footer
# ("京ICP备19004567号", "京公网安备 11010802031234号", "增值电信业务经营许可证"),
# on the English pages of Chinese companies too.
_LICENCE_RE = re.compile("ICP备|ICP证|公网安备|经营许可证")

# The word "language" after a language's own name ("українська мова", "русский язык").
_LANGUAGE_WORDS = frozenset({"мова", "язык", "језик", "език", "kieli", "nyelv", "dili"})

# Arabic short-vowel and shadda marks, written or not in language menus (العربيّة).
_HARAKAT_RE = re.compile("[\u064b-\u0652\u0640]")


# How far (in characters) a candidate may grow over glue or unused words.
GROW_WINDOW = 200
# Widen to the whole sentence when the cluster covers this share of its letters.
SENTENCE_SHARE = 0.6


@dataclass(frozen=True, slots=True)
class Candidate:
    """A span to score, with the seeds that made it."""

    start: int
    end: int
    runs: tuple[Run, ...]
    hits: tuple[Hit, ...]
    lures: tuple[Lure, ...]
    widened: bool = False
    group: int = -1  # alternatives of one place share a group; -1: no alternatives
    repeat: bool = False  # holds a fragment pasted again and again (``repeats``)


def _gap_ok(ctx: Context, end: int, start: int) -> bool:
    if start - end > MAX_GAP_CHARS:
        return False
    gap = ctx.text[end:start]
    if "\n" in gap or _SENT_BREAK_RE.search(gap):
        return False
    # Unspaced scripts have no word breaks: count two characters as a word.
    unspaced = len(_UNSPACED_RE.findall(gap))
    return len(_TOKEN_RE.findall(_UNSPACED_RE.sub("", gap))) + unspaced / 2 <= MAX_GAP_WORDS


def _grow(ctx: Context, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """Extend [start, end) over glue words and numbers inside [lo, hi)."""
    text = ctx.text
    while True:
        m = _TOKEN_RE.search(text, end, hi)
        if not m or text[end : m.start()].strip(" \t,:-|") or not _is_glue(m.group()):
            break
        end = m.end()
    # Walk left over the tokens of a bounded window (a 30,000-character line
    # without punctuation must not be rescanned for every step).
    for prev in reversed(list(_TOKEN_RE.finditer(text, max(lo, start - GROW_WINDOW), start))):
        if text[prev.end() : start].strip(" \t,:-|") or not _is_glue(prev.group()):
            break
        start = prev.start()
    return start, end


_AMOUNT_RE = re.compile(r"\d+(?:[.,]\d+)?(?:mg|ml|g|k|rb|jt|x|%|\$|€|usd|usdt|btc|eth)?")


def _is_glue(token: str) -> bool:
    t = unicodedata.normalize("NFKC", token).lower()  # "Ｂｕｙ" is "buy"
    return t in GLUE or _AMOUNT_RE.fullmatch(t) is not None


def build_candidates(ctx: Context, *, alternatives: bool = False) -> tuple[Candidate, ...]:
    """All candidate spans of a document, sorted by offset.

    Without ``alternatives`` the spans do not overlap.  With them, each place also
    gets other extents (grown over words the rest of the document never uses, the
    clause, the sentence), all sharing one ``group``: the classifier picks the
    extent, since where an injected phrase ends is a matter of context.
    """
    primary = _primary(ctx, widen=not alternatives)
    if not alternatives:
        return primary
    out: list[Candidate] = []
    for g, cand in enumerate(primary):
        if not needs_model(cand):
            out.append(cand)
            continue
        seen = set()
        for alt in (cand, *_alternatives(ctx, cand)):
            if (alt.start, alt.end) not in seen and alt.end > alt.start:
                seen.add((alt.start, alt.end))
                out.append(replace(alt, group=g))
    return tuple(out)


def needs_model(cand: Candidate) -> bool:
    """False for places that only hold a phone number or a bare domain.

    Those are the commonest candidates in clean articles (contact lines, sources)
    and the decision never removes them on such evidence alone, so the classifier
    is not asked and no alternative extents are made.
    """
    return bool(cand.runs or cand.hits or cand.repeat) or any(
        lu.kind not in ("phone", "domain") for lu in cand.lures
    )


_CLAUSE_BREAK = ".!?\u3002\uff01\uff1f;\uff1b\n"


class WordCounts:
    """How often words occur in a text as whole tokens (``_TOKEN_RE``), counted on
    demand and only as far as asked.

    Growing a candidate asks about a few words; tokenising the whole document with
    ``re.findall`` costs more (about 250 µs for 5 KB) than finding each with
    ``str.find``.  After LAZY_WORDS words, the whole document is counted once.

    >>> wc = WordCounts("a cat, the cats; cat-like cat")
    >>> wc.more_than("cat", 1), wc.more_than("cat", 2), wc.more_than("dog", 0)
    (True, False, False)
    """

    LAZY_WORDS = 16
    MAX_PROBES = 256  # occurrences looked at for one word before counting every word
    __slots__ = ("_all", "_seen", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        # word -> (whole-token occurrences found, where to look on; -1 when all found)
        self._seen: dict[str, tuple[int, int]] = {}
        self._all: Counter[str] | None = None

    def more_than(self, word: str, n: int) -> bool:
        """True when ``word`` occurs more than ``n`` times as a whole token."""
        if self._all is not None:
            return self._all[word] > n
        if len(self._seen) >= self.LAZY_WORDS:
            return self._count_all()[word] > n
        count, at = self._seen.get(word, (0, 0))
        if count > n or at < 0:
            return count > n
        if not _TOKEN_RE.fullmatch(word):
            self._seen[word] = (0, -1)
            return False
        text, k, size = self._text, len(word), len(self._text)
        at = text.find(word, at)
        probes = 0
        while at >= 0:
            probes += 1
            if probes > self.MAX_PROBES:  # "aaaa" inside a run of a's: count it all at once
                return self._count_all()[word] > n
            end = at + k
            if ((at == 0 or not _is_token_char(text[at - 1]))
                    and (end == size or not _is_token_char(text[end]))):
                count += 1
                if count > n:
                    self._seen[word] = (count, end)
                    return True
                at = text.find(word, end)
            else:
                at = text.find(word, at + 1)
        self._seen[word] = (count, -1)
        return False

    def _count_all(self) -> Counter[str]:
        self._all = Counter(_TOKEN_RE.findall(self._text))
        return self._all


def _is_token_char(c: str) -> bool:
    return c.isalnum() or c in "_%+-"  # what ``_TOKEN_RE`` takes (``\w`` is isalnum and _)


def _word_counts(ctx: Context) -> WordCounts:
    counts: WordCounts | None = ctx.memo.get("words")
    if counts is None:
        counts = ctx.memo["words"] = WordCounts(ctx.folded.text)
    return counts


def _foreign_word(token: str, counts: WordCounts, repeats: int) -> bool:
    """A word used nowhere else in the document (beyond the repeats of this spam)."""
    t = token.lower()
    return (not counts.more_than(t, repeats) or _is_glue(t)
            or any(c.isdigit() or c in "@./" for c in t))


def _alternatives(ctx: Context, cand: Candidate) -> list[Candidate]:
    """Other extents for one candidate, within its line."""
    text = ctx.text
    ls, le = ctx.line_of(cand.start)
    le = max(le, cand.end)
    counts = _word_counts(ctx)
    # Stuffed spam repeats with its neighbours: allow that many occurrences.
    core = ctx.folded.text[ctx.folded.from_source(cand.start) : ctx.folded.from_source(cand.end)]
    repeats = max(1, ctx.folded.text.count(core)) if core.strip() else 1
    # Grow over words used nowhere else in the document (spam brings its own words).
    s, e = cand.start, cand.end
    for m in _TOKEN_RE.finditer(text, e, min(le, e + GROW_WINDOW)):
        if any(c in _CLAUSE_BREAK for c in text[e : m.start()]):
            break
        if not _foreign_word(m.group(), counts, repeats):
            break
        # "... hari ini maxwin Pemerintah Kota": lowercase ad copy, then a capital
        # that starts the article's own sentence.
        if m.group()[:1].isupper() and text[e - 1 : e].islower():
            break
        e = m.end()
    tokens_left = list(_TOKEN_RE.finditer(text, max(ls, s - GROW_WINDOW), s))
    for m in reversed(tokens_left):
        if any(c in _CLAUSE_BREAK for c in text[m.end() : s]):
            break
        if not _foreign_word(m.group(), counts, repeats):
            break
        s = m.start()
    alts = [(s, e)]
    shared = _shared_unit(ctx, cand)
    core_script = dominant_script(text[cand.start : cand.end])
    # The clause: up to the nearest clause break on each side.  Unspaced scripts
    # also break clauses at commas (，、) and, in Thai, at spaces.
    breaks = _CLAUSE_BREAK + (" \uff0c\u3001," if core_script in UNSPACED else "")
    cs = max(text.rfind(ch, ls, cand.start) for ch in breaks) + 1
    cs = max(cs, ls)
    while cs < cand.start and text[cs] in " \t\u3000":
        cs += 1
    ce = min((i for i in (text.find(ch, cand.end, le) for ch in breaks) if i >= 0),
             default=le)
    alts.append((cs, ce))
    ss, se = ctx.sentence_of(cand.start)
    if core_script not in UNSPACED or "\u3002" in text[ss:se] or "\uff01" in text[ss:se]:
        alts.append((min(ss, cand.start), max(se, cand.end)))
    # Never stretch across a change of script: "slot gacor maxwin本场比赛..." is Latin
    # spam glued to a Chinese sentence, not one sentence of spam.
    # (A unit repeated verbatim may mix scripts: it is one pasted string.)
    return [_make(ctx, a, b, cand.widened) for a, b in alts
            if dominant_script(text[a : cand.start] + " " + text[cand.end : b])
            in ("", core_script)] + ([_make(ctx, *shared, cand.widened)] if shared else [])


# The text around a repeated span that is the same at every copy: how far to look.
SHARED_MAX_CHARS = 60
SHARED_MIN_COPIES = 3


def _shared_unit(ctx: Context, cand: Candidate) -> tuple[int, int] | None:
    """The extent around the candidate that is identical at each of its copies.

    Stuffing pastes a whole unit ("福岡オンカジ", "best baccarat") again and again,
    while an article uses its topic word in ever different company.  When the span
    occurs three or more times and its copies agree on at least two more letters
    around it (whole words in spaced scripts, within the line), that unit is an
    extent of its own.
    """
    memo: dict[str, tuple[int, int] | None] = ctx.memo.setdefault("shared_units", {})
    folded = ctx.folded.text
    fs, fe = ctx.folded.from_source(cand.start), ctx.folded.from_source(cand.end)
    core = folded[fs:fe]
    if core not in memo:
        copies: list[int] = []
        at = folded.find(core) if core.strip() else -1
        while at >= 0 and len(copies) < 64:
            copies.append(at)
            at = folded.find(core, at + len(core))
        memo[core] = None
        if len(copies) >= SHARED_MIN_COPIES:
            n, k = len(folded), len(core)
            right = 0
            while right < SHARED_MAX_CHARS and all(
                    p + k + right < n and folded[p + k + right] == folded[copies[0] + k + right]
                    and folded[p + k + right] != "\n" for p in copies):
                right += 1
            left = 0
            while left < SHARED_MAX_CHARS and all(
                    p - left - 1 >= 0 and folded[p - left - 1] == folded[copies[0] - left - 1]
                    and folded[p - left - 1] != "\n" for p in copies):
                left += 1
            memo[core] = (left, right)
    shared = memo[core]
    if shared is None:
        return None
    left, right = shared
    unspaced = dominant_script(core) in UNSPACED
    # In spaced scripts a unit ends at word boundaries: a shared partial word
    # ("the cas|ino" vs "the cas|ual") is cut back.
    s, e = fs - left, fe + right
    if not unspaced:
        while e > fe and e < len(folded) and folded[e - 1].isalnum() and folded[e].isalnum():
            e -= 1
        while s < fs and s > 0 and folded[s].isalnum() and folded[s - 1].isalnum():
            s += 1
    if letter_count(folded[s:fs] + folded[fe:e]) < 2:
        return None
    return ctx.folded.to_source(s, e)


def _primary(ctx: Context, *, widen: bool = True) -> tuple[Candidate, ...]:
    # A run inside brackets or quotes is a name or a gloss ("부락제(部落祭)"), a single
    # letter is a symbol (Δ, σ), a language's own name is a language menu
    # ("Русский | 日本語"), and a Chinese site licence is a footer: none is a seed.
    seeds: list[tuple[int, int]] = [
        (r.start, r.end) for r in ctx.runs
        if not ctx.enclosed(r.start, r.end)
        and letter_count(ctx.text[r.start : r.end]) >= MIN_RUN_LETTERS
        and not is_autonym(ctx.text[r.start : r.end])
        and not _LICENCE_RE.search(ctx.text[r.start : r.end])
    ]
    # A weak word written as a name ("bà Loan", "a Ford Escort") is no seed; it still
    # counts for the document's topic.
    seeds += [(h.start, h.end) for h in ctx.hits if not is_name(ctx.text, h)]
    seeds += [(lu.start, lu.end) for lu in ctx.lures]
    # A fragment pasted at the start of three or more lines or sentences: stuffing
    # of a phrase no lexicon knows, and where pasted text around a spam term ends
    # ("Bitcoin verdoppeln in 24 Stunden – bitgewinn-x2" before each paragraph).
    seeds += pasted_repeats(ctx)
    if not seeds:
        return ()
    seeds.sort()
    # Cluster seeds that touch or sit a few neutral words apart on one line.
    clusters: list[list[int]] = []
    for s, e in seeds:
        if clusters and (s <= clusters[-1][1] or _gap_ok(ctx, clusters[-1][1], s)):
            clusters[-1][1] = max(clusters[-1][1], e)
        else:
            clusters.append([s, e])
    out = []
    for s, e in clusters:
        ss, se = ctx.sentence_of(s)
        s, e = _grow(ctx, s, e, ss, max(se, e))
        widened = False
        sent_letters = letter_count(ctx.text[ss:se])
        if widen and sent_letters and s >= ss and e <= se + 1:
            share = letter_count(ctx.text[s:e]) / sent_letters
            rest = ctx.text[ss:s] + " " + ctx.text[e:se]
            # Never widen across a change of script: "slot gacor maxwin本场比赛..." is
            # Latin spam glued to a Chinese sentence, not one sentence of spam.
            if (share >= SENTENCE_SHARE and (s, e) != (ss, se)
                    and dominant_script(rest) in ("", dominant_script(ctx.text[s:e]))):
                s, e, widened = ss, se, True
        out.append(_make(ctx, s, e, widened))
    return tuple(_merge(ctx, out))


_WS = " \t\n\r\u3000\u00a0"


def _make(ctx: Context, s: int, e: int, widened: bool) -> Candidate:
    # A candidate never starts or ends with white space: separators belong to the cut.
    while s < e and ctx.text[s] in _WS:
        s += 1
    while e > s and ctx.text[e - 1] in _WS:
        e -= 1
    return Candidate(
        start=s,
        end=e,
        runs=tuple(r for r in ctx.runs if r.start < e and r.end > s),
        hits=tuple(h for h in ctx.hits if h.start < e and h.end > s),
        lures=tuple(lu for lu in ctx.lures if lu.start < e and lu.end > s),
        widened=widened,
        repeat=overlaps_repeat(ctx, s, e),
    )


def _merge(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    cands.sort(key=lambda c: (c.start, -c.end))
    out: list[Candidate] = []
    for c in cands:
        if out and c.start < out[-1].end:
            prev = out.pop()
            c = _make(ctx, prev.start, max(prev.end, c.end), prev.widened or c.widened)
        out.append(c)
    return out
