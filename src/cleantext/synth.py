"""Deterministic synthesis of training and evaluation documents.

Spam phrases (built from our lexicon and templates, from the spam spans of our
corpus, and, when present, from the spam categories of ``../shared/data/spam``)
are injected into clean host text in every shape we see in the wild: prefix,
own line, suffix, between sentences, inside a sentence, a trailing keyword block
and stuffing.  Host text comes from ``../shared/data`` when present (read at run
time, never committed) and from the negatives of ``corpus/`` otherwise.

Everything is driven by one ``random.Random(seed)``: same inputs, same output.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import zlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .corpus import CorpusDoc, SpanLabel
from .lexicon import Entry, load_lexicon

SHAPES = ("prefix", "line", "suffix", "between", "inside", "block", "stuffing")
UNSPACED_LANGS = frozenset({"zh", "ja", "th"})

_CITIES = {
    "zh": ["上海", "北京", "深圳", "广州", "东莞", "杭州", "成都", "重庆", "武汉", "苏州", "南京", "天津"],
    "ja": ["東京", "大阪", "新宿", "渋谷", "名古屋", "福岡", "札幌"],
    "ko": ["강남", "서울", "부산", "인천", "대구", "홍대"],
    "ru": ["Москва", "СПб", "Казань", "Сочи"],
    "en": ["NYC", "London", "Dubai", "Vegas", "Sydney"],
}
_LURE_TEMPLATES = {
    "zh": ["加微信{id}", "微信：{id}", "QQ{num}", "加QQ：{num}", "电话{cnphone}", "官网{domain}"],
    "ja": ["LINE ID:{id}", "ライン追加 {id}", "{domain}"],
    "ko": ["카톡 {id}", "텔레그램 @{id}", "{domain}"],
    "ru": ["Телеграм @{id}", "тг @{id}", "WhatsApp +7 {ruphone}", "{domain}"],
    "th": ["ไลน์ @{id}", "แอดไลน์ {id}", "{domain}"],
    "vi": ["Zalo {vnphone}", "Telegram @{id}", "{domain}"],
    "id": ["WA {idphone}", "hubungi WA {idphone}", "link {domain}"],
    "xx": ["WhatsApp +{cc} {phone}", "Telegram @{id}", "t.me/{id}", "bit.ly/{short}",
           "{domain}", "www.{domain}", "https://{domain}/{short}"],
}
_EN_WRAP = ["buy {t} online", "{t} online", "cheap {t}", "best {t}", "{t} no prescription",
            "order {t} now", "{t} - {lure}", "{t} {lure}", "{t}", "{t}", "{t} {t2}",
            "official {t} site", "{t} 24/7"]
_GENERIC_WRAP = ["{t}", "{t}", "{t} {lure}", "{t} {t2}", "{t} {t2} {lure}", "{city}{t}",
                 "{city}{t}{num4}", "{t}{num4}", "{lure} {t}"]
# Spaced scripts put a space after the city name ("Москва эскорт", not "Москваэскорт").
_SPACED_CITY = {"ru", "en"}
_TLDS = ["com", "net", "cc", "top", "xyz", "vip", "bet", "club", "site", "online", "me"]


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str
    lang: str
    category: str


def _rand_id(rng: random.Random, n: int = 6) -> str:
    letters = "abcdefghjkmnpqrstuvwxyz"
    return "".join(rng.choice(letters) for _ in range(rng.randint(2, 4))) + str(
        rng.randint(10 ** (n - 3), 10 ** (n - 2))
    )


def _lure(rng: random.Random, lang: str) -> str:
    pool = _LURE_TEMPLATES.get(lang, []) + _LURE_TEMPLATES["xx"]
    tpl = rng.choice(pool)
    brand = rng.choice(["bet", "win", "vip", "lucky", "king", "star", "spin", "go", "top"])
    return tpl.format(
        id=_rand_id(rng), num=rng.randint(10**7, 10**10), cnphone=f"1{rng.randint(3, 9)}{rng.randint(10**8, 10**9 - 1)}",
        domain=f"{brand}{rng.randint(1, 999)}.{rng.choice(_TLDS)}",
        ruphone=f"9{rng.randint(10, 99)} {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
        vnphone=f"09{rng.randint(10**7, 10**8 - 1)}", idphone=f"08{rng.randint(10**9, 10**10 - 1)}",
        cc=rng.choice(["1", "44", "62", "63", "66", "84", "86", "91"]),
        phone=f"{rng.randint(100, 999)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
        short="".join(rng.choice("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(7)),
    )


def lexicon_phrases(rng: random.Random, n: int) -> list[Phrase]:
    """Spam phrases built from lexicon terms, lures and ad templates."""
    by_lang: dict[str, list[Entry]] = defaultdict(list)
    for e in load_lexicon().entries:
        if e.category != "lure":
            by_lang[e.lang].append(e)
    langs = sorted(by_lang)
    out = []
    for _ in range(n):
        lang = rng.choice(langs)
        terms = by_lang[lang]
        e = rng.choice(terms)
        e2 = rng.choice(terms)
        sep = "" if lang in UNSPACED_LANGS and rng.random() < 0.5 else " "
        tpl = rng.choice(_EN_WRAP if lang == "en" else _GENERIC_WRAP)
        text = tpl.format(
            t=e.term, t2=e2.term, lure=_lure(rng, lang),
            city=(rng.choice(_CITIES[lang]) + (" " if lang in _SPACED_CITY else ""))
            if lang in _CITIES else "",
            num4=rng.choice(["1314", "520", "888", "666", "99", str(rng.randint(10, 9999))]),
        ).replace(" ", sep if sep == "" and rng.random() < 0.5 else " ").strip()
        if lang not in ("zh", "ja", "ko", "th") and rng.random() < 0.4:
            text = text.title() if rng.random() < 0.5 else text.capitalize()
        out.append(Phrase(text, lang, e.category))
    return out


def corpus_phrases(docs: Sequence[CorpusDoc]) -> list[Phrase]:
    """The spam spans we wrote by hand in corpus/, as phrases."""
    out = []
    for d in docs:
        for s in d.spans:
            out.append(Phrase(d.text[s.start : s.end], s.lang or d.lang, s.category or "seo"))
    return out


# Categories of the shared lexicons that are spam (not political): see
# ../shared/data/README.md.  Only read at training time, never copied into the repo.
_SHARED_SPAM_FILES = {
    "spam/konsheng-sensitive-lexicon/广告类型.txt.gz": ("zh", "seo"),
    "spam/konsheng-sensitive-lexicon/色情类型.txt.gz": ("zh", "porn"),
    "spam/konsheng-sensitive-lexicon/色情词库.txt.gz": ("zh", "porn"),
    "spam/konsheng-sensitive-lexicon/涉枪涉爆.txt.gz": ("zh", "fake-docs"),
}


def shared_phrases(rng: random.Random, shared: Path, n: int) -> list[Phrase]:
    """Phrases from the spam categories of ../shared/data/spam, if present."""
    terms: list[tuple[str, str, str]] = []
    for rel, (lang, cat) in _SHARED_SPAM_FILES.items():
        p = shared / rel
        if not p.exists():
            continue
        with gzip.open(p, "rt", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                t = line.strip().strip("_").strip()
                # Real phrases only: the WordPress list also holds e-mail fragments,
                # random bot strings and single short words.
                if (6 <= len(t) <= 40 and not t.startswith("#") and re.search(r"\w\w", t)
                        and not re.search(r"[@_/\\]|^\W|\.\w{2,4}$", t)
                        and (" " in t or not t.isascii())
                        and (t.isascii() or len(t) >= 4)):
                    terms.append((t, lang, cat))
    if not terms:
        return []
    out = []
    for _ in range(n):
        t, lang, cat = rng.choice(terms)
        r = rng.random()
        if r < 0.3:
            t = f"{t} {_lure(rng, lang)}"
        elif r < 0.5:
            t2 = rng.choice(terms)[0]
            t = f"{t}{'' if lang == 'zh' else ' '}{t2}"
        out.append(Phrase(t, lang, cat))
    return out


# -- hosts ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Host:
    id: str
    lang: str
    text: str


# A sentence break: . ! ? followed by a space (not the dot of "www.aoa.org"), or a
# CJK full stop.
_SENT_SPLIT_RE = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])\s*")


def shared_hosts(shared: Path, rng: random.Random, max_per_lang: int = 400) -> list[Host]:
    """Article-like host documents from ../shared/data (text units and HTML gold)."""
    hosts: list[Host] = []
    units = shared / "text" / "clean-units.jsonl.gz"
    if units.exists():
        by_src: dict[tuple[str, str], list[str]] = defaultdict(list)
        with gzip.open(units, "rt", encoding="utf-8") as fh:
            for line in fh:
                u = json.loads(line)
                by_src[(u["lang"], u["source"])].append(u["text"])
        for (lang, src), texts in sorted(by_src.items()):
            joiner = "" if lang in ("zh", "ja") else " "
            i, k = 0, 0
            while i < len(texts) and k < max_per_lang:
                n_par = rng.randint(2, 6)
                paras = []
                for _ in range(n_par):
                    take = rng.randint(1, 4)
                    paras.append(joiner.join(t.strip() for t in texts[i : i + take]))
                    i += take
                text = ("\n\n" if rng.random() < 0.6 else "\n").join(p for p in paras if p)
                if len(text) >= 200:
                    hosts.append(Host(f"{src}#{k}", lang, text))
                    k += 1
    for name in ("wcxb-dev", "readability-tests"):
        p = shared / "html" / f"{name}.jsonl.gz"
        if not p.exists():
            continue
        with gzip.open(p, "rt", encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                gold = (r.get("gold") or "").strip()
                if 300 <= len(gold) <= 20000 and r.get("lang") not in (None, "und"):
                    hosts.append(Host(f"{name}:{r['id']}", r["lang"], gold))
    return hosts


def corpus_hosts(docs: Sequence[CorpusDoc]) -> list[Host]:
    """Negatives of our own corpus, used as hosts when ../shared is absent."""
    return [Host(d.id, d.lang, d.text) for d in docs if d.kind == "negative"]


def split_of(key: str, dev_share: float = 0.2) -> str:
    """Stable train/dev assignment from a key (crc32, not Python's salted hash)."""
    return "dev" if (zlib.crc32(key.encode("utf-8")) % 1000) < dev_share * 1000 else "train"


# -- injection -----------------------------------------------------------------------
def _spaces(lang: str, rng: random.Random) -> str:
    return "" if lang in UNSPACED_LANGS and rng.random() < 0.5 else " "


def inject(host: Host, phrases: Sequence[Phrase], shape: str, rng: random.Random) -> CorpusDoc:
    """Insert phrases into ``host`` in the given shape; spans mark exactly the phrases."""
    text = host.text
    paras = [m for m in re.finditer(r"[^\n]+", text)]
    inserts: list[tuple[int, str, str, Phrase]] = []  # (pos, before, after, phrase)
    ph = phrases[0]
    sp = _spaces(host.lang, rng)
    if shape == "prefix":
        p = rng.choice(paras)
        inserts.append((p.start(), "", sp, ph))
    elif shape == "line":
        p = rng.choice(paras)
        inserts.append((p.start(), "", "\n", ph))
    elif shape == "suffix":
        p = rng.choice(paras)
        inserts.append((p.end(), sp, "", ph))
    elif shape == "between":
        cands = [m.end() for m in _SENT_SPLIT_RE.finditer(text) if 0 < m.end() < len(text)
                 and text[m.end() - 1 : m.end()] != "\n" and text[m.end():m.end()+1] not in "\n"]
        if not cands:
            return inject(host, phrases, "prefix", rng)
        inserts.append((rng.choice(cands), "", sp, ph))
    elif shape == "inside":
        if host.lang in UNSPACED_LANGS:
            cands = [i for i in range(5, len(text) - 5) if text[i - 1].isalpha() and text[i].isalpha()]
            if not cands:
                return inject(host, phrases, "prefix", rng)
            inserts.append((rng.choice(cands), sp, sp, ph))
        else:
            cands = [m.start() for m in re.finditer(r"(?<=\w) (?=\w)", text)]
            if not cands:
                return inject(host, phrases, "prefix", rng)
            inserts.append((rng.choice(cands), " ", "", ph))
    elif shape == "block":
        sep = rng.choice([" ", ", ", " | ", "  ", "、" if host.lang in ("zh", "ja") else " / "])
        block = sep.join(p.text for p in phrases[: rng.randint(2, 5)])
        inserts.append((len(text), "\n", "", Phrase(block, ph.lang, ph.category)))
    elif shape == "stuffing":
        for p in rng.sample(paras, min(len(paras), rng.randint(3, 4))):
            kind = rng.random()
            if kind < 0.5:
                inserts.append((p.start(), "", sp, ph))
            else:
                inserts.append((p.end(), sp, "", ph))
        if len(inserts) < 3:
            inserts.append((len(text), "\n", "", ph))
            inserts.append((0, "", "\n", ph))
    else:
        msg = f"unknown shape {shape!r}"
        raise ValueError(msg)
    return _apply(host, inserts, shape)


def _apply(host: Host, inserts: list[tuple[int, str, str, Phrase]], shape: str) -> CorpusDoc:
    inserts.sort(key=lambda x: x[0])
    out, spans, pos, shift = [], [], 0, 0
    for at, before, after, ph in inserts:
        out.append(host.text[pos:at])
        start = at + shift + len(before)
        piece = before + ph.text + after
        out.append(piece)
        spans.append(SpanLabel(start, start + len(ph.text), "spam", ph.category, ph.lang))
        shift += len(piece)
        pos = at
    out.append(host.text[pos:])
    return CorpusDoc(id=f"{host.id}~{shape}", lang=host.lang, text="".join(out),
                     spans=tuple(spans), kind="positive", shape=shape,
                     note="synthetic", source=host.id)


def synthesize(
    hosts: Sequence[Host],
    phrases: Sequence[Phrase],
    *,
    seed: int = 13,
    controls: float = 0.3,
    foreign: float = 0.5,
    variants: int = 1,
) -> Iterator[CorpusDoc]:
    """``variants`` documents per host: a control (untouched) or an injection."""
    rng = random.Random(seed)
    by_lang: dict[str, list[Phrase]] = defaultdict(list)
    for p in phrases:
        by_lang[p.lang].append(p)
    for k in range(variants):
        for doc in _synth_round(hosts, phrases, by_lang, rng, controls, foreign):
            yield doc if k == 0 else replace(doc, id=f"{doc.id}~v{k}")


def _synth_round(hosts: Sequence[Host], phrases: Sequence[Phrase],
                 by_lang: dict[str, list[Phrase]], rng: random.Random,
                 controls: float, foreign: float) -> Iterator[CorpusDoc]:
    for host in hosts:
        if rng.random() < controls:
            yield CorpusDoc(id=f"{host.id}~control", lang=host.lang, text=host.text, spans=(),
                            kind="negative", shape="control", source=host.id)
            continue
        same = by_lang.get(host.lang)
        if same and rng.random() >= foreign:
            pool = same
        else:
            pool = [p for p in phrases if p.lang != host.lang] or list(phrases)
        picks = [rng.choice(pool) for _ in range(5)]
        yield inject(host, picks, rng.choice(SHAPES), rng)
