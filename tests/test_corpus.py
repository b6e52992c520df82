"""The labeled corpus: authoring form, JSONL form, importers, and the committed corpus."""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import pytest

from cleantext.corpus import (
    CATEGORIES,
    CorpusDoc,
    SpanLabel,
    corpus_sha256,
    doc_problems,
    import_doccano,
    import_label_studio,
    load_corpus,
    parse_authoring,
    read_jsonl,
    register,
    write_jsonl,
)
from cleantext.errors import CorpusError, InputError

REPO_CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "corpus.jsonl"

SAMPLE = """\
=== id=t-0001 lang=en kind=positive shape=prefix note="pharma prefix, quoted note"
[[cheap pills online|pharma]] The council met on Tuesday.

It voted [[casino bonus]] 7-2 on the budget.


=== id=t-0002 lang=en kind=negative shape=code note="brackets | pipes"
Use a[0] and x | y in code; nothing here is spam.
=== id=t-0003 lang=de kind=positive shape=mixed
Ein Satz. [[a | b]] und [[Wetten|gambling]] und [[x|notacategory]].
"""


def write(tmp_path: Path, text: str, name: str = "a.txt") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# -- authoring form -------------------------------------------------------------------
def test_parse_authoring_fields_and_bodies(tmp_path):
    docs = parse_authoring(write(tmp_path, SAMPLE))
    assert [d.id for d in docs] == ["t-0001", "t-0002", "t-0003"]
    d1, d2, d3 = docs
    assert (d1.lang, d1.kind, d1.shape) == ("en", "positive", "prefix")
    assert d1.note == "pharma prefix, quoted note"
    assert d1.source == "a.txt"
    # trailing blank lines stripped, internal blank line kept, markup removed
    assert d1.text == ("cheap pills online The council met on Tuesday.\n\n"
                       "It voted casino bonus 7-2 on the budget.")
    assert d2.text == "Use a[0] and x | y in code; nothing here is spam."
    assert d2.spans == () and d2.note == "brackets | pipes"
    assert d3.note == ""


def test_offsets_point_at_the_marked_text(tmp_path):
    d1, _, d3 = parse_authoring(write(tmp_path, SAMPLE))
    assert [(d1.text[s.start:s.end], s.category) for s in d1.spans] == [
        ("cheap pills online", "pharma"), ("casino bonus", None)]
    # a category only when the part after the last | is a known one
    assert [(d3.text[s.start:s.end], s.category) for s in d3.spans] == [
        ("a | b", None), ("Wetten", "gambling"), ("x|notacategory", None)]
    assert all(s.label == "spam" for s in d1.spans + d3.spans)


def test_multiline_span_and_unicode_offsets(tmp_path):
    src = ("=== id=u1 lang=zh kind=positive shape=block\n"
           "正文第一段。\n[[百家乐在线 😀\n加QQ 123|gambling]]\n正文。\n")
    (doc,) = parse_authoring(write(tmp_path, src))
    (s,) = doc.spans
    assert doc.text[s.start:s.end] == "百家乐在线 😀\n加QQ 123"
    assert doc.text == "正文第一段。\n百家乐在线 😀\n加QQ 123\n正文。"


def test_header_values_with_escaped_quotes(tmp_path):
    src = '=== id=q1 lang=en kind=negative shape=quote note="he said \\"hi\\"" source=me\nBody.\n'
    (doc,) = parse_authoring(write(tmp_path, src))
    assert doc.note == 'he said "hi"' and doc.source == "me"


def test_only_one_leading_newline_is_stripped(tmp_path):
    src = "=== id=n1 lang=en kind=negative shape=plain\n\n  Body.  \n\n"
    (doc,) = parse_authoring(write(tmp_path, src))
    assert doc.text == "\n  Body."


BAD_CASES = [
    ("malformed-header", "=== id=x1 lang=en kind=negative shape=plain note=\"open\nBody\n",
     1, 'malformed header near \'note="open\': expected key=value or key="quoted value"'),
    ("no-space", "===id=x1 lang=en kind=negative shape=plain\nBody\n",
     1, "malformed header: put a space after '==='"),
    ("missing-id", "=== lang=en kind=negative shape=plain\nBody\n", 1, "missing id in header"),
    ("missing-shape", "=== id=x1 lang=en kind=negative\nBody\n",
     1, "malformed header: missing shape"),
    ("unknown-key", "=== id=x1 lang=en kind=negative shape=plain colour=red\nBody\n",
     1, "malformed header: unknown key 'colour' (known: id, lang, kind, shape, note, source)"),
    ("duplicate-id", "=== id=x1 lang=en kind=negative shape=plain\nA\n"
     "=== id=x1 lang=en kind=negative shape=plain\nB\n",
     3, "duplicate id 'x1' (first at line 1)"),
    ("unknown-kind", "=== id=x1 lang=en kind=spam shape=plain\nBody\n",
     1, "unknown kind 'spam' (use positive or negative)"),
    ("unknown-shape", "=== id=x1 lang=en kind=positive shape=topic\n[[casino]]\n", 1,
     "unknown shape 'topic' for kind=positive (use one of: prefix, suffix, inside, between, "
     "line, block, stuffing, mixed)"),
    ("unbalanced-open", "=== id=x1 lang=en kind=positive shape=line\nok\nsee [[casino\nmore\n",
     3, "unbalanced '[[' without a closing ']]'"),
    ("unbalanced-close", "=== id=x1 lang=en kind=positive shape=line\nok\n\ncasino]] x\n",
     4, "unbalanced ']]' without an opening '[['"),
    ("nested", "=== id=x1 lang=en kind=positive shape=line\n[[a\n[[b]] c]]\n",
     3, "nested '[[' inside the span opened at line 2"),
    ("empty-span", "=== id=x1 lang=en kind=positive shape=line\nA [[]] B\n", 2, "empty span [[]]"),
    ("empty-span-with-category", "=== id=x1 lang=en kind=positive shape=line\nA [[|pharma]]\n",
     2, "empty span [[]]"),
    ("positive-without-spans", "=== id=x1 lang=en kind=positive shape=line\nNo spam.\n",
     1, "positive document 'x1' has no [[spans]]"),
    ("negative-with-spans", "=== id=x1 lang=en kind=negative shape=plain\n[[casino]] here\n",
     1, "negative document 'x1' has 1 [[span(s)]]; make it kind=positive or unmark them"),
    ("span-whitespace", "=== id=x1 lang=en kind=positive shape=line\nA\nB [[casino |gambling]]\n",
     3, "span has leading or trailing whitespace: 'casino '; move it outside the brackets"),
    ("text-before-header", "stray\n=== id=x1 lang=en kind=negative shape=plain\nA\n",
     1, "text before the first '=== id=...' header"),
    ("empty-body", "=== id=x1 lang=en kind=negative shape=plain\n\n\n", 1,
     "document 'x1' has an empty body"),
]


@pytest.mark.parametrize(("name", "src", "line", "problem"), BAD_CASES,
                         ids=[c[0] for c in BAD_CASES])
def test_authoring_errors_name_file_and_line(tmp_path, name, src, line, problem):
    path = write(tmp_path, src)
    with pytest.raises(CorpusError) as exc:
        parse_authoring(path)
    assert str(exc.value) == f"{path}:{line}: {problem}"
    assert (exc.value.line, exc.value.problem) == (line, problem)


# -- JSONL form ---------------------------------------------------------------------
def test_to_dict_from_dict_round_trip(tmp_path):
    for doc in parse_authoring(write(tmp_path, SAMPLE)):
        d = doc.to_dict()
        assert list(d) == ["id", "lang", "text", "spans", "kind", "shape", "note", "source"]
        assert json.loads(json.dumps(d)) == d
        assert CorpusDoc.from_dict(d) == doc


def test_jsonl_round_trip_and_hash(tmp_path):
    docs = parse_authoring(write(tmp_path, SAMPLE))
    out = tmp_path / "c.jsonl"
    write_jsonl(docs, out)
    assert read_jsonl(out) == docs
    raw = out.read_bytes()
    assert corpus_sha256(docs) == hashlib.sha256(raw).hexdigest()
    assert corpus_sha256(docs[::-1]) != corpus_sha256(docs)


def test_jsonl_keeps_non_ascii_and_order(tmp_path):
    docs = [CorpusDoc("z", "ru", "Привет", (), "negative", "plain"),
            CorpusDoc("a", "en", "hi casino", (SpanLabel(3, 9),), "positive", "suffix")]
    out = tmp_path / "c.jsonl"
    write_jsonl(docs, out)
    text = out.read_text(encoding="utf-8")
    assert "Привет" in text
    assert [json.loads(ln)["id"] for ln in text.splitlines()] == ["z", "a"]


def _doc_line(**over):
    d = {"id": "j1", "lang": "en", "text": "hello casino", "kind": "positive",
         "shape": "suffix", "note": "", "source": "",
         "spans": [{"start": 6, "end": 12, "label": "spam", "category": None, "lang": None}]}
    d.update(over)
    return json.dumps(d, ensure_ascii=False)


JSONL_BAD = [
    ("out-of-range", _doc_line(spans=[{"start": 6, "end": 99}]),
     "j1: span 0 [6:99] is outside the text (length 12) or has start >= end"),
    ("start-not-before-end", _doc_line(spans=[{"start": 6, "end": 6}]),
     "j1: span 0 [6:6] is outside the text (length 12) or has start >= end"),
    ("whitespace-span", _doc_line(text="hello  casino", spans=[{"start": 5, "end": 7}]),
     "j1: span 0 [5:7] covers only whitespace"),
    ("bad-json", "{not json", "not valid JSON: Expecting property name enclosed in double "
     "quotes (column 2)"),
    ("missing-key", json.dumps({"id": "j1"}),
     "document is missing lang, text, spans, kind, shape"),
    ("negative-with-spans", _doc_line(kind="negative"), "j1: negative document with 1 span(s)"),
    ("bool-offset", _doc_line(spans=[{"start": True, "end": 3}]),
     "span offsets must be integers, got start=True end=3"),
]


@pytest.mark.parametrize(("name", "line", "problem"), JSONL_BAD, ids=[c[0] for c in JSONL_BAD])
def test_read_jsonl_errors(tmp_path, name, line, problem):
    path = write(tmp_path, _doc_line(id="ok") + "\n\n" + line + "\n", "c.jsonl")
    with pytest.raises(CorpusError) as exc:
        read_jsonl(path)
    assert str(exc.value) == f"{path}:3: {problem}"


def test_write_jsonl_refuses_invalid_docs(tmp_path):
    bad = CorpusDoc("b", "en", "text", (SpanLabel(2, 1),), "positive", "line")
    with pytest.raises(InputError, match="document 'b'"):
        write_jsonl([bad], tmp_path / "x.jsonl")
    assert not (tmp_path / "x.jsonl").exists()


def test_load_corpus_files_and_directories(tmp_path):
    d = tmp_path / "dir"
    d.mkdir()
    write(d, SAMPLE, "b.txt")
    write_jsonl([CorpusDoc("j-1", "fr", "Bonjour.", (), "negative", "plain")], d / "a.jsonl")
    write(d, "ignored", "notes.md")
    ids = [doc.id for doc in load_corpus([d])]
    assert ids == ["j-1", "t-0001", "t-0002", "t-0003"]
    ids = [doc.id for doc in load_corpus([d / "b.txt", d])]
    assert ids == ["t-0001", "t-0002", "t-0003", "j-1"]


def test_load_corpus_duplicate_id_across_files(tmp_path):
    a = write(tmp_path, SAMPLE, "a.txt")
    b = write(tmp_path, "=== id=t-0002 lang=en kind=negative shape=plain\n\nDup.\n", "b.txt")
    with pytest.raises(CorpusError) as exc:
        load_corpus([a, b])
    assert str(exc.value) == f"{b}:1: duplicate id 't-0002' (already in {a}:7)"


# -- importers ------------------------------------------------------------------------
def test_import_label_studio(tmp_path):
    tasks = [
        {"id": 7, "data": {"text": "News text. Buy cheap pills now! More news.", "lang": "en"},
         "annotations": [
             {"was_cancelled": True, "result": []},
             {"result": [
                 {"type": "labels", "value": {"start": 11, "end": 32,
                                              "text": "Buy cheap pills now! ",
                                              "labels": ["pharma"]}},
                 {"type": "labels", "value": {"start": 0, "end": 4, "text": "News",
                                              "labels": ["Topic"]}},
                 {"type": "choices", "value": {"choices": ["ok"]}}]}]},
        {"id": 8, "data": {"text": "Clean text only."}, "annotations": [{"result": []}]},
        {"id": 9, "data": {"text": "Unlabeled."}, "annotations": []},
        # 😀 is two UTF-16 units: Label Studio counts them, Python does not
        {"id": 10, "data": {"text": "😀 hi casino"},
         "annotations": [{"result": [{"type": "labels", "value": {
             "start": 6, "end": 12, "text": "casino", "labels": ["Spam"]}}]}]},
    ]
    path = tmp_path / "ls.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False, indent=2), encoding="utf-8")
    docs = import_label_studio(path)
    assert [d.id for d in docs] == ["ls-7", "ls-8", "ls-10"]
    d7, d8, d10 = docs
    (s,) = d7.spans
    assert d7.text[s.start:s.end] == "Buy cheap pills now!"  # trailing space trimmed
    assert (s.category, d7.kind, d7.shape, d7.lang) == ("pharma", "positive", "imported", "en")
    assert (d8.kind, d8.spans, d8.lang) == ("negative", (), "und")
    assert [d10.text[s.start:s.end] for s in d10.spans] == ["casino"]
    assert d10.spans[0].category is None
    assert all(not doc_problems(d) for d in docs)


def test_import_label_studio_mismatch_names_the_task_line(tmp_path):
    tasks = [{"id": 1, "data": {"text": "a b"}, "annotations": [{"result": []}]},
             {"id": 2, "data": {"text": "abc"}, "annotations": [{"result": [
                 {"type": "labels", "value": {"start": 0, "end": 1, "text": "z",
                                              "labels": ["spam"]}}]}]}]
    path = tmp_path / "ls.json"
    path.write_text("[\n" + ",\n".join(json.dumps(t) for t in tasks) + "\n]\n", encoding="utf-8")
    with pytest.raises(CorpusError) as exc:
        import_label_studio(path)
    assert str(exc.value) == f"{path}:3: task 2: text[0:1] is 'a', but the export says 'z'"


def test_import_doccano_both_forms(tmp_path):
    lines = [
        {"id": 3, "text": "Hello casino777 world",
         "label": [[6, 15, "gambling"], [0, 5, "greeting"]]},
        {"text": "Plain text.", "label": []},
        {"id": 5, "text": "Visit cheap-meds.example today", "lang": "en",
         "entities": [{"id": 1, "start_offset": 6, "end_offset": 24, "label": "spam"}]},
    ]
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    docs = import_doccano(path)
    assert [d.id for d in docs] == ["doccano-3", "doccano-2", "doccano-5"]
    assert [(d.text[s.start:s.end], s.category) for d in docs for s in d.spans] == [
        ("casino777", "gambling"), ("cheap-meds.example", None)]
    assert [d.kind for d in docs] == ["positive", "negative", "positive"]
    assert docs[2].lang == "en" and docs[0].lang == "und"


# -- command line (through register) ---------------------------------------------------
def _run(argv):
    p = argparse.ArgumentParser(prog="cleantext")
    register(p.add_subparsers(dest="command"))
    args = p.parse_args(argv)
    return args.handler(args)


def test_corpus_build_check_stats_import(tmp_path, capsys):
    src = write(tmp_path, SAMPLE)
    out = tmp_path / "out.jsonl"
    assert _run(["corpus", "build", str(src), "-o", str(out)]) == 0
    assert read_jsonl(out) == parse_authoring(src)
    err = capsys.readouterr().err
    assert "3 documents, 5 spans, 2 languages" in err
    assert "en              1        1" in err

    assert _run(["corpus", "check", str(src), str(tmp_path / "nope")]) == 1
    assert _run(["corpus", "check", str(out)]) == 0
    bad = write(tmp_path, "=== id=x lang=en kind=positive shape=line\nno spans\n", "bad.txt")
    assert _run(["corpus", "check", str(bad)]) == 1
    assert f"{bad}:1: positive document 'x' has no [[spans]]" in capsys.readouterr().err

    assert _run(["corpus", "stats", "--json", str(out)]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["kinds"] == {"positive": 2, "negative": 1}
    assert stats["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()

    dc = tmp_path / "d.jsonl"
    dc.write_text(json.dumps({"text": "a casino", "label": [[2, 8, "spam"]]}) + "\n",
                  encoding="utf-8")
    imp = tmp_path / "imp.jsonl"
    assert _run(["corpus", "import", "--from", "doccano", str(dc), "-o", str(imp),
                 "--id-prefix", "x-"]) == 0
    assert [d.id for d in read_jsonl(imp)] == ["x-1"]


def test_corpus_build_raises_corpus_error(tmp_path):
    bad = write(tmp_path, "=== id=x lang=en kind=negative shape=plain\n[[casino]]\n", "bad.txt")
    with pytest.raises(CorpusError, match=r"bad\.txt:1: negative document"):
        _run(["corpus", "build", str(bad), "-o", str(tmp_path / "o.jsonl")])


# -- the committed corpus --------------------------------------------------------------
def test_repo_corpus_is_valid_and_multilingual():
    docs = read_jsonl(REPO_CORPUS)  # validates every line
    assert len({d.lang for d in docs}) >= 10
    assert len({d.id for d in docs}) == len(docs)
    for d in docs:
        assert doc_problems(d) == [], d.id
        assert d.kind in ("positive", "negative")
        assert all(s.category is None or s.category in CATEGORIES for s in d.spans)
        for s in d.spans:
            span_text = d.text[s.start:s.end]
            assert span_text == span_text.strip() and "[[" not in span_text, d.id
    assert {d.kind for d in docs} == {"positive", "negative"}


def test_corpus_build_refuses_to_read_its_output(tmp_path):
    out = tmp_path / "c.jsonl"
    write_jsonl([CorpusDoc("j", "en", "Hi.", (), "negative", "plain")], out)
    with pytest.raises(InputError, match="both an input and the output"):
        _run(["corpus", "build", str(tmp_path), "-o", str(out)])
