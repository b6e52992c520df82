"""Which Latin-script language a document is written in, and terms foreign to it.

A weak spam term in the document's own language ("sportwetten" in a German
article) may be its topic; the same term in another language ("tragaperras online"
in a Chinese page, "vay tiền mặt nhanh" in an English one) was pasted there.  Script
tells Chinese from English; for Latin-script languages the document's function
words tell which one it is.  The word lists are ours: frequent function words that
belong to one language only (a word in two lists counts for neither).
"""

from __future__ import annotations

import re
from collections import Counter

from .lexicon import Hit
from .segment import Context

_FUNCTION_WORDS = {
    "en": "the and of to is that with for was this are have from which they were has their "
          "been would there will what about when",
    "de": "der die und das ist nicht mit sich auf dem den ein eine auch wird werden von für "
          "aus bei nach wie oder sind noch",
    "fr": "le les et des une est pas pour dans qui sur avec sont ont mais aux cette nous vous "
          "leur été être plus",
    "es": "el los las del por una con para está pero sus como más fue también entre cuando "
          "muy sobre hasta desde este esta ya han",
    "pt": "os das dos não uma com para mais foi pelo pela são também como está seu sua ao às "
          "muito quando ele ela isso já do da no na em nos nas seus suas foram tem têm essa "
          "esse até onde ainda depois sem pode nova novo ano anos haverá será",
    "it": "il gli della delle degli che non sono anche per con come più nel nella alla dei "
          "questo questa è ha hanno stato essere",
    "nl": "het een van niet dat zijn met voor ook wordt worden naar maar bij nog door deze "
          "heeft hebben werd uit als wel",
    "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ada adalah oleh "
          "karena sudah bisa mereka kami kita atau saat lebih",
    "vi": "của và là các những được trong cho với không có một người này đã khi từ theo về "
          "đến cũng năm nhiều sẽ thì",
    "tr": "ve bir bu için ile olarak daha çok gibi olan sonra kadar ama değil ise her "
          "şekilde göre yılında olduğu tarafından ancak yeni ilk iki yıl oldu bunu şu ayrıca "
          "yapılan büyük gelecek söyledi olacak ayrıca",
    "pl": "się nie na że jest jak od po ale przez dla są który była było tym także oraz jego "
          "już do to będzie można tylko bardzo która które roku przy pod przed też jednak tak "
          "czy więc zostanie",
}


def _unique_words() -> dict[str, str]:
    seen: Counter[str] = Counter()
    for words in _FUNCTION_WORDS.values():
        seen.update(set(words.split()))
    return {w: lang for lang, words in _FUNCTION_WORDS.items() for w in words.split()
            if seen[w] == 1}


_WORD_LANG = _unique_words()
LATIN_LANGUAGES = frozenset(_FUNCTION_WORDS)
_WORD_RE = re.compile(r"[^\W\d_]+")
# At least this many function words, and this many times more than the runner-up.
MIN_WORDS = 6
MARGIN = 3.0


def document_language(ctx: Context) -> str | None:
    """The Latin-script language of a document, or None when it is not clear.

    >>> from cleantext.lexicon import load_lexicon
    >>> from cleantext.segment import analyse
    >>> text = ("The council said that the new bridge will open in May, and that it has "
    ...         "cost less than was planned. The work on the old one was stopped in 2019.")
    >>> document_language(analyse(text, load_lexicon()))
    'en'
    >>> document_language(analyse("Der Rat hat die neue Brücke eröffnet.", load_lexicon())) is None
    True
    """
    if "language" in ctx.memo:
        lang: str | None = ctx.memo["language"]
        return lang
    counts = Counter(_WORD_LANG[w] for w in _WORD_RE.findall(ctx.folded.text) if w in _WORD_LANG)
    top = counts.most_common(2)
    lang = None
    if top and top[0][1] >= MIN_WORDS and (len(top) < 2 or top[0][1] >= MARGIN * top[1][1]):
        lang = top[0][0]
    ctx.memo["language"] = lang
    return lang


def foreign_term(hit: Hit, ctx: Context) -> bool:
    """A lexicon term of a Latin-script language that is not the document's.

    In a document of another script every such phrase is foreign.  In a
    Latin-script document the term's languages must all differ from the
    document's, which must be clear, and English phrases do not count (German
    news writes "online casino").  Only phrases count: single words travel
    between languages ("porno", "escort", "casino").
    """
    if " " not in hit.entry.term.strip():
        return False
    langs = hit.entry.lang.split("|")
    if not all(lang in LATIN_LANGUAGES for lang in langs):
        return False
    if ctx.profile.dominant != "L":
        return bool(ctx.profile.dominant)
    if "en" in langs:
        return False
    doc = document_language(ctx)
    return doc is not None and doc not in langs
