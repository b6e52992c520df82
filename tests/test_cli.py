"""The CLI: files and stdin, JSON Lines decisions, exit codes, encodings, errors."""

import json
import subprocess
import sys

import pytest

from cleantext.cli import main

SPAM = "Markets rose today.\n上海私人品茶\nBonds were flat.\n"
CLEAN = "Markets rose today.\nBonds were flat.\n"


def run(args, stdin=b""):
    return subprocess.run([sys.executable, "-m", "cleantext", *args], input=stdin,
                          capture_output=True)


def test_clean_stdin_to_stdout():
    out = run(["clean"], SPAM.encode())
    assert out.returncode == 0
    assert out.stdout.decode() == CLEAN


def test_clean_dash_and_output_file(tmp_path):
    dest = tmp_path / "out.txt"
    out = run(["clean", "-", "-o", str(dest)], SPAM.encode())
    assert out.returncode == 0 and out.stdout == b""
    assert dest.read_text("utf-8") == CLEAN


def test_clean_files_in_order(tmp_path, capsys):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(SPAM, "utf-8")
    b.write_text("Plain text.\n", "utf-8")
    assert main(["clean", str(a), str(b)]) == 0
    assert capsys.readouterr().out == CLEAN + "Plain text.\n"


def test_explain_table_on_stderr(tmp_path, capsys):
    a = tmp_path / "a.txt"
    a.write_text(SPAM, "utf-8")
    assert main(["clean", "--explain", str(a)]) == 0
    cap = capsys.readouterr()
    assert cap.out == CLEAN
    assert "REMOVED" in cap.err and "script.out_of_context" in cap.err and "上海私人品茶" in cap.err


def test_detect_jsonl_leaves_text_alone(tmp_path, capsys):
    a = tmp_path / "a.txt"
    a.write_text(SPAM, "utf-8")
    assert main(["detect", str(a)]) == 0
    (rec,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rec["file"] == str(a) and rec["text"] == "上海私人品茶"
    assert SPAM[rec["start"] : rec["end"]] == "上海私人品茶"
    assert rec["rules"]["script.out_of_context"] > 0
    assert rec["reason"].startswith("removed")


def test_threshold_and_fail_on_flag(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(SPAM, "utf-8")
    assert main(["clean", "--fail-on-flag", str(a)]) == 3
    assert main(["clean", "--threshold", "1.0", "--fail-on-flag", str(a)]) == 0


def test_missing_file_is_one_paragraph_error(capsys):
    assert main(["clean", "/nonexistent/x.txt"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("cleantext: error: Cannot read /nonexistent/x.txt")
    assert "Traceback" not in err


def test_bad_threshold_is_error(capsys):
    assert main(["clean", "--threshold", "7", "-"]) == 1
    assert "--threshold must be in (0, 1], got 7.0" in capsys.readouterr().err


def test_usage_error_exit_2():
    out = run(["clean", "--no-such-flag"])
    assert out.returncode == 2


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "cp1251", "shift_jis"])
def test_non_utf8_is_decoded(tmp_path, capsys, encoding):
    text = {"gb18030": "今天上海的天气很好。", "utf-16": "Привет, мир. Hello.",
            "cp1251": "Сегодня в Москве тепло и солнечно, сообщили синоптики.",
            "shift_jis": "今日は東京で雨が降りました。"}[encoding]
    p = tmp_path / "x.txt"
    p.write_bytes(text.encode(encoding))
    assert main(["clean", str(p)]) == 0
    assert capsys.readouterr().out == text


def test_explicit_wrong_encoding_is_error(tmp_path, capsys):
    p = tmp_path / "x.txt"
    p.write_bytes("今天".encode("gb18030"))
    assert main(["clean", "--encoding", "utf-8", str(p)]) == 1
    err = capsys.readouterr().err
    assert "is not valid utf-8" in err and "Leave out --encoding" in err


def test_binary_input_is_error(tmp_path, capsys):
    p = tmp_path / "x.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert main(["clean", str(p)]) == 1
    assert "looks like binary data" in capsys.readouterr().err


def test_rules_lists_every_rule(capsys):
    from cleantext.rules import RULES

    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for rid in RULES:
        assert rid in out


def test_no_model_flag(tmp_path, capsys):
    a = tmp_path / "a.txt"
    a.write_text(SPAM, "utf-8")
    assert main(["detect", "--no-model", str(a)]) == 0
    rec = json.loads(capsys.readouterr().out.splitlines()[0])
    assert "model.spam" not in rec["rules"]
