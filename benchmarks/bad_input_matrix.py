"""Run the bad-input matrix of issue 6 outside pytest and print a table.

Each input goes through ``decode_bytes`` and a ``Detector`` (the library door, as the
CLI uses it).  The outcome is the result (checked / removed counts) or the first line
of the error.  A second table gives the catch rate of obfuscated spam.

    python benchmarks/bad_input_matrix.py            # bundled model, default budget
    python benchmarks/bad_input_matrix.py --no-model # rules only
"""

from __future__ import annotations

import argparse
import io
import time
import zipfile
from collections.abc import Callable

from cleantext import Detector, DetectorConfig
from cleantext.decoding import decode_bytes
from cleantext.segment import analyse

ARTICLE = (
    "The city council met on Tuesday to discuss the budget for parks and libraries.\n"
    "Residents asked about opening hours, and the mayor promised an answer by June.\n"
    "The meeting ended at nine, and a second session is planned for next month.\n"
)
SPAM3 = (
    "The city council met on Tuesday to discuss the budget for parks and libraries.\n"
    "上海龙凤千花1314\n"
    "Residents asked about opening hours. 加微信 abc8899 The mayor promised an answer.\n"
    "Buy cheap viagra online WhatsApp +1 555 000 1111\n"
    "The meeting ended at nine, and a second session is planned for next month.\n"
)
PAGES = {
    "gb18030": "北京市政府周二宣布，新的地铁线路将于明年开通，预计每天运送乘客二十万人次。市民对此表示欢迎。",
    "shift_jis": "東京都は火曜日、新しい地下鉄路線を来年開業すると発表しました。一日あたり二十万人の乗客を見込んでいます。",
    "euc-kr": "서울시는 화요일 새로운 지하철 노선이 내년에 개통될 것이라고 발표했습니다. 하루 이십만 명의 승객이 예상됩니다.",
    "cp1251": "Правительство Москвы во вторник объявило, что новая линия метро откроется в "
              "следующем году. Ожидается двести тысяч пассажиров в день.",
}


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("article.txt", ARTICLE * 20)
    return buf.getvalue()


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"
       b"\x00\x00\x00\x1f\xf3\xffa" + bytes(range(256)) * 4)


def _page(enc: str, meta: bool) -> bytes:
    body = PAGES[enc]
    text = (f'<html><head><meta charset="{enc}"><title>News</title></head>'
            f"<body><article><p>{body}</p></article></body></html>" if meta else body)
    return text.encode(enc)


def _big() -> bytes:
    para = ARTICLE * 8 + "加微信 abc8899\n"
    return (para * (50_000_000 // len(para) + 1)).encode()


def cases() -> list[tuple[str, Callable[[], bytes | str]]]:
    """(label, builder): bytes go through decode_bytes, str straight to the detector."""
    out: list[tuple[str, Callable[[], bytes | str]]] = [
        ("empty", lambda: b""),
        ("whitespace only", lambda: b"  \n\t \r\n  "),
        ("binary: PNG", lambda: PNG),
        ("binary: zip", _zip),
        ("NUL byte in text file", lambda: (ARTICLE * 10).encode() + b"\x00" + ARTICLE.encode()),
        ("NUL in str", lambda: "The council met.\x00 加微信 abc8899\n" + ARTICLE),
        ("invalid UTF-8 (1 bad byte)", lambda: (ARTICLE * 5 + "Zürich 北京\n").encode() + b"\xff\n"),
        ("invalid UTF-8 (short)", lambda: b"Hello \xff\xfe world caf\xe9 ok"),
        ("UTF-16 with BOM", lambda: SPAM3.encode("utf-16")),
        ("UTF-16-LE no BOM", lambda: SPAM3.encode("utf-16-le")),
        ("UTF-16-BE no BOM", lambda: SPAM3.encode("utf-16-be")),
    ]
    for enc in sorted(PAGES):
        out.append((f"{enc} plain", lambda e=enc: _page(e, False)))
        out.append((f"{enc} <meta charset>", lambda e=enc: _page(e, True)))
    out += [
        ("50 MB document", _big),
        ("5 MB line, no spaces (x)", lambda: b"x" * 5_000_000),
        ("5 MB line, no spaces (Han spam)", lambda: ("上海龙凤千花" * 850_000).encode()),
        ("100,000-deep nested <div>", lambda: ("<html><body>" + "<div>" * 100_000 + "Hi. 加微信 abc8899"
                                               + "</div>" * 100_000 + "</body></html>").encode()),
        ("100,000 unclosed <span>", lambda: ("<p>" + "<span>" * 100_000 + "x").encode()),
        ("Arabic + injected Han", lambda: "أعلن مجلس المدينة يوم الثلاثاء عن ميزانية جديدة.\n加微信 abc8899\n"
                                          "وقال رئيس البلدية إن القرار سيصدر في يونيو."),
        ("Hebrew + injected Han", lambda: "מועצת העיר התכנסה ביום שלישי.\n上海龙凤千花1314\nהישיבה הסתיימה בתשע."),
        ("combining marks (zalgo)", lambda: "Z\u0334\u0321\u0322\u031b\u035a\u031f" * 2000 + " ok."),
        ("lone surrogate in str", lambda: "a\ud800b " + ARTICLE),
        ("surrogate bytes (CESU)", lambda: ARTICLE.encode() + b"\xed\xa0\x80\n"),
    ]
    return out


OBFUSCATED = {
    "zero-width": "via\u200bgra", "full-width": "ｖｉａｇｒａ", "Cyrillic homoglyphs": "vіаgrа",
    "Greek homoglyphs": "viαgrα", "spaced letters": "v i a g r a", "dotted letters": "v.i.a.g.r.a",
    "mixed case": "ViAgRa", "spaced Han (澳门新葡京)": "澳 门 新 葡 京", "spaced Han (威尼斯人)": "威 尼 斯 人",
    "spaced + homoglyph": "v і а g r а", "spaced + zero-width": "v i \u200ba g r a",
}
LINE_TEMPLATES = ["Buy cheap {} online WhatsApp +1 555 000 1111", "{} 加微信 abc8899 官方网站",
                  "Best {} pills, order now at www.pills-shop.xyz"]


def run_matrix(det: Detector) -> None:
    rows = []
    for label, build in cases():
        data = build()
        t0 = time.perf_counter()
        try:
            text = decode_bytes(data, name="doc").text if isinstance(data, bytes) else data
            r = det.detect(text)
            outcome = (f"result: checked={r.checked}, {len(r.removed)} removed, "
                       f"{len(r.text):,} chars out" + (f" ({r.note[:40]}...)" if r.note else ""))
        except Exception as err:  # noqa: BLE001 - the table reports whatever happens
            first = str(err).splitlines()[0] if str(err) else ""
            outcome = f"{type(err).__name__}: {first[:90]}"
        ms = (time.perf_counter() - t0) * 1000
        rows.append((label, outcome, ms))
        print(f"  .. {label}: {ms:,.0f} ms", flush=True)
    w = max(len(r[0]) for r in rows)
    print(f"\n| {'input':{w}} | outcome | time (ms) |")
    print(f"|{'-' * (w + 2)}|---------|----------:|")
    for label, outcome, ms in rows:
        print(f"| {label:{w}} | {outcome} | {ms:,.0f} |")


def run_obfuscation(det: Detector) -> None:
    print("\n| obfuscation | lexicon hit at original offsets | line removed in article (of 3) |")
    print("|---|---|---|")
    hit_total = removed_total = 0
    for name, term in OBFUSCATED.items():
        text = f"The report said {term} was sold there."
        s = text.index(term)
        hit = any((h.start, h.end) == (s, s + len(term)) for h in analyse(text, det.lexicon).hits)
        removed = 0
        for tpl in LINE_TEMPLATES:
            line = tpl.format(term)
            lines = ARTICLE.splitlines()
            doc = "\n".join([lines[0], line, *lines[1:]]) + "\n"
            r = det.detect(doc)
            removed += int(any(f.text == line or term in f.text for f in r.removed)
                           and term not in r.text)
        hit_total += hit
        removed_total += removed
        print(f"| {name} `{term!r}` | {'yes' if hit else 'NO'} | {removed}/3 |")
    n = len(OBFUSCATED)
    print(f"| **rate** | {hit_total}/{n} ({hit_total / n:.0%}) | "
          f"{removed_total}/{3 * n} ({removed_total / (3 * n):.0%}) |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-model", action="store_true")
    ap.add_argument("--time-budget", type=float, default=10.0)
    args = ap.parse_args()
    det = Detector(DetectorConfig(use_model=not args.no_model, time_budget=args.time_budget))
    print(f"detector: model={'off' if args.no_model else 'bundled'}, "
          f"time_budget={args.time_budget}s")
    run_matrix(det)
    run_obfuscation(det)


if __name__ == "__main__":
    main()
