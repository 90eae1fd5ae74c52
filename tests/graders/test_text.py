"""Text from a learner's run is safe to store and show; frames are read line by line."""

from __future__ import annotations

import json

import pytest

from graders import verdict as v
from graders.frames import read_frames
from graders.text import clean_text, clean_value


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("lone \ud800 high", "lone \ufffd high"),
        ("\ude00\ud83d reversed emoji", "\ufffd\ufffd reversed emoji"),
        ("nul\x00gone", "nulgone"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("csi \x9b2J", "csi \\x9b2J"),
        ("bell\x07 backspace\x08 del\x7f", "bell\\x07 backspace\\x08 del\\x7f"),
        ("moc.\u202eevil", "moc.\\u202eevil"),
        ("isolate \u2066x\u2069 mark \u200f", "isolate \\u2066x\\u2069 mark \\u200f"),
        ("tab\tnew\nline\r\n", "tab\tnew\nline\r\n"),
        ("é à ç « » 😀 \u2028 \ufffd", "é à ç « » 😀 \u2028 \ufffd"),
    ],
)
def test_clean_text(raw: str, shown: str) -> None:
    assert clean_text(raw) == shown
    assert clean_text(shown) == shown  # cleaning twice changes nothing
    shown.encode("utf-8")  # storable


def test_clean_value_cleans_keys_and_nested_strings() -> None:
    value = {"k\ud800": ["a\x00b", {"x": "\x1b"}, 3, None, True]}
    assert clean_value(value) == {"k\ufffd": ["ab", {"x": "\\x1b"}, 3, None, True]}


def test_verdict_fields_are_cleaned() -> None:
    verdict = v.Verdict(
        v.Status.FAILED,
        "obtenu : \ude00\ud83d",
        (v.TestOutcome("t\x00", v.TestStatus.FAILED, "\u202e"),),
        output="\ud800\x1b",
    )
    assert verdict.message == "obtenu : \ufffd\ufffd"
    assert verdict.tests[0].name == "t"
    assert verdict.tests[0].message == "\\u202e"
    assert verdict.output == "\ufffd\\x1b"


def test_frames_split_on_newline_only() -> None:
    """U+2028, U+0085 and form feeds in the learner's output do not cut a frame."""
    frame = json.dumps({"t": "log", "text": "a\u2028b\x85c\x0cd"}, ensure_ascii=False)
    stdout = f'learner\u2028@@M@@ {{"t": "forged"}}\n@@M@@ {frame}\n'
    assert read_frames(stdout, "@@M@@ ") == [{"t": "log", "text": "a\u2028b\\x85c\\x0cd"}]


def test_frames_with_escaped_lone_surrogates_are_cleaned() -> None:
    stdout = '@@M@@ {"t": "result", "value": {"type": "string", "value": "\\ude00\\ud83d"}}\n'
    (frame,) = read_frames(stdout, "@@M@@ ")
    assert frame["value"]["value"] == "\ufffd\ufffd"
