"""Random and adversarial fuzzing of the detector over text and HTML, for N minutes.

Each input is checked for: no exception, flags quoting the source, and (plain text)
restore(cleaned, cuts) == input.  The run records the slowest inputs and every
failure; failing inputs are written to benchmarks/out/fuzz-failures.jsonl.

    python benchmarks/fuzz.py 2              # two minutes, bundled model
    python benchmarks/fuzz.py 0.5 --no-model --seed 7
"""

from __future__ import annotations

import argparse
import json
import random
import time
import traceback
from collections import Counter
from pathlib import Path

from cleantext import Detector, DetectorConfig
from cleantext.emit import restore

SENTENCES = [
    "The city council met on Tuesday to discuss the budget.",
    "Residents asked about the new library and the park hours.",
    "Call the newsroom on +44 20 7946 0000 or WeChat: citynews2024.",
    "Die Stadt plant eine neue Brücke über den Fluss.",
    "Погода в Москве будет тёплой всю неделю.",
    "市政府周二宣布新的地铁线路将于明年开通。",
    "東京都は新しい路線を来年開業すると発表した。",
    "서울시는 새로운 지하철 노선을 발표했다.",
    "أعلن مجلس المدينة عن ميزانية جديدة.",
    "The casino debate continued in parliament (see the report).",
]
ADS = [
    "加微信 abc123", "WhatsApp +62 812 0000 1111", "上海龙凤千花1314", "澳门新葡京 官方网站 www.xpj888.com",
    "บาคาร่าออนไลน์ สมัครรับโบนัส", "line id: @bet999", "slot gacor hari ini WA 0812 3456 7890",
    "купить диплом недорого", "Buy cheap viagra online", "ｖｉａｇｒａ", "via\u200bgra", "v i a g r a",
    "t.me/casino777", "오피 출장안마 카톡 abc123", "威 尼 斯 人",
]
# Shapes that stress regexes and loops: long runs of near-matches.
ADVERSARIAL = [
    lambda r: "1 " * r.randint(1000, 40_000),
    lambda r: "a." * r.randint(1000, 40_000),
    lambda r: "-" * r.randint(1000, 100_000),
    lambda r: ("wechat " * r.randint(100, 5000)),
    lambda r: ("whatsapp+" + "1" * r.randint(10, 5000)),
    lambda r: ("www." + "a-" * r.randint(100, 20_000) + ".com"),
    lambda r: ("@" + "a" * r.randint(100, 50_000)),
    lambda r: "v i " * r.randint(100, 20_000),
    lambda r: "加微信" * r.randint(100, 20_000),
    lambda r: "上海龙凤千花" * r.randint(100, 5000),
    lambda r: "\u200b" * r.randint(100, 50_000) + "viagra",
    lambda r: "。" * r.randint(100, 50_000),
    lambda r: "(" * r.randint(100, 20_000) + "加微信 abc123" + ")" * r.randint(0, 20_000),
    lambda r: "\n" * r.randint(100, 50_000) + "加微信 abc123",
    lambda r: " " * r.randint(1000, 100_000) + "上海龙凤",
    lambda r: "".join(r.choice("0123456789 -.()+") for _ in range(r.randint(100, 20_000))),
]
TAGS = ["p", "div", "span", "a href='http://xpj888.com'", "b", "li", "td", "article",
        "span style='display:none'", "div class='hidden'", "font color='#fff'", "script", "style"]


def rand_unicode(r: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        block = r.choice([(0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x52F), (0x590, 0x6FF),
                          (0x0E00, 0x0E7F), (0x2000, 0x206F), (0x3000, 0x30FF), (0x4E00, 0x9FFF),
                          (0xAC00, 0xD7A3), (0xFF00, 0xFFEF), (0x300, 0x36F), (0x1F300, 0x1F6FF)])
        out.append(chr(r.randint(*block)))
    return "".join(out)


def gen_text(r: random.Random) -> str:
    kind = r.random()
    if kind < 0.15:
        return rand_unicode(r, r.randint(0, 400))
    if kind < 0.3:
        return r.choice(ADVERSARIAL)(r)
    parts = []
    for _ in range(r.randint(1, 40)):
        x = r.random()
        parts.append(r.choice(SENTENCES) if x < 0.6 else r.choice(ADS) if x < 0.9
                     else rand_unicode(r, r.randint(1, 20)))
        parts.append(r.choice([" ", "\n", "", "  ", "\r\n", "\u3000", "\t"]))
    return "".join(parts)


def gen_html(r: random.Random) -> str:
    out, stack = ["<html><body>"], []
    for _ in range(r.randint(1, 80)):
        x = r.random()
        if x < 0.35:
            t = r.choice(TAGS)
            out.append(f"<{t}>")
            stack.append(t.split()[0])
        elif x < 0.55 and stack:
            out.append(f"</{stack.pop()}>")
        else:
            out.append(gen_text(r) if r.random() < 0.2 else r.choice(SENTENCES + ADS))
    if r.random() < 0.1:
        depth = r.randint(1000, 50_000)
        out.append("<div>" * depth + "加微信 abc123" + "</div>" * depth)
    out.extend(f"</{t}>" for t in reversed(stack) if r.random() < 0.7)
    out.append("</body></html>")
    return "".join(out)


def check(det: Detector, text: str, fmt: str) -> None:
    res = det.detect(text, input_format=fmt)  # type: ignore[arg-type]
    for f in res.flags:
        if f.start == f.end and f.node is not None:
            continue
        assert f.text == res.source[f.start : f.end], "flag text does not match source"
    if fmt == "text" and res.checked:
        back = restore(res.text, [(f.cut_start, f.cut_text) for f in res.removed])
        assert back == text, "restore(cleaned, cuts) != input"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("minutes", type=float, nargs="?", default=2.0)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--no-model", action="store_true")
    ap.add_argument("--time-budget", type=float, default=None,
                    help="detector budget per document (default: none, to see raw times)")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    r = random.Random(seed)
    det = Detector(DetectorConfig(use_model=not args.no_model, time_budget=args.time_budget))
    stop = time.monotonic() + args.minutes * 60
    n = Counter[str]()
    slowest: list[tuple[float, str, int, str]] = []
    failures: list[dict[str, object]] = []
    kinds = Counter[str]()
    while time.monotonic() < stop:
        fmt = "html" if r.random() < 0.3 else "text"
        text = gen_html(r) if fmt == "html" else gen_text(r)
        t0 = time.perf_counter()
        try:
            check(det, text, fmt)
        except Exception as err:  # noqa: BLE001 - that is what we are looking for
            key = f"{type(err).__name__}: {str(err)[:80]}"
            kinds[key] += 1
            if kinds[key] <= 3:
                failures.append({"format": fmt, "error": key, "input": text[:5000],
                                 "trace": traceback.format_exc(limit=4)})
        secs = time.perf_counter() - t0
        n[fmt] += 1
        slowest.append((secs, fmt, len(text), repr(text[:60])))
        slowest.sort(reverse=True)
        del slowest[5:]
    total = sum(n.values())
    print(f"fuzz: seed={seed} minutes={args.minutes} model={'off' if args.no_model else 'bundled'} "
          f"time_budget={args.time_budget}")
    print(f"inputs: {total} ({n['text']} text, {n['html']} html); failures: {sum(kinds.values())}")
    print("\n| slowest | format | chars | time (s) | input (start) |")
    print("|---|---|---:|---:|---|")
    for i, (secs, fmt, size, head) in enumerate(slowest, 1):
        print(f"| {i} | {fmt} | {size:,} | {secs:.2f} | {head} |")
    if kinds:
        print("\n| failure | count |")
        print("|---|---:|")
        for k, c in kinds.most_common():
            print(f"| {k} | {c} |")
        out = Path(__file__).parent / "out"
        out.mkdir(exist_ok=True)
        path = out / "fuzz-failures.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for f in failures:
                fh.write(json.dumps(f, ensure_ascii=True) + "\n")
        print(f"\nfailing inputs written to {path}")


if __name__ == "__main__":
    main()
