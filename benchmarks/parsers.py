"""PyYAML (libyaml) against rapidyaml, side by side, on dvcq's own files (issue #7).

    python benchmarks/parsers.py [FOLDER] [--repeat 5] [--sample 20] [--check-all]

FOLDER defaults to benchmarks/work/n5000/plans/2024/9m (made by benchmarks/run.py).
Standalone: needs PyYAML built with libyaml; rapidyaml (`pip install rapidyaml`) is
optional, its rows are skipped with "rapidyaml not installed" when it is missing. dvcq itself
is not imported, so the script runs in a bare venv (e.g. /tmp/venv-ryml).

Every figure is the median of --repeat passes over all files, the passes interleaved (the
order of the methods rotates from one pass to the next), all in one process, files read into
memory beforehand:

  (a)  yaml.load(text, Loader=yaml.CSafeLoader): the issue's baseline, typed Python objects
  (b′) yaml.compose(text, Loader=_NodeLoader): dvcq's parse alone (libyaml CParser, every
       scalar left as text)
  (b)  (b′) plus a walk that reads, for every key and scalar value, its key path, text,
       style, 1-based line and column: what dvcq's checks need
  (c′) rapidyaml parse_in_place alone (text.encode() included, tree reused)
  (c)  (c′) plus the same walk on the ryml tree. The Python bindings have no Parser with
       locations, so a scalar's place is where its bytes lie in the parsed buffer, read with
       ctypes (PyObject_GetBuffer); quoted and block scalars are moved back to their quote or
       indicator; byte offsets become 1-based character columns.
  (c⁰) (c) without the places: key path, text and style only, to see what the walk through
       the SWIG bindings costs by itself
  (c*) (c) reading the address straight from the memoryview object (CPython-specific offset,
       found at start-up), to show what the address look-up costs.

Before timing, the entries of (b) and (c) are compared on --sample files spread over the
folder (all files with --check-all) and on a small built-in document with the cases the
benchmark files lack (flow collections, quotes, literal blocks, empty values, Vietnamese
text before a value on the same line).
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import os
import platform
import re
import statistics
import sys
import time
from bisect import bisect_right
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

try:
    import ryml
except ImportError:
    ryml = None

try:
    from yaml._yaml import CParser
except ImportError:
    sys.exit("PyYAML here is built without libyaml (yaml._yaml missing): nothing to compare")

DEFAULT = Path(__file__).resolve().parent / "work" / "n5000" / "plans" / "2024" / "9m"

# ---------------------------------------------------------------------------------- PyYAML

_TAGS = {ScalarNode: "tag:yaml.org,2002:str", SequenceNode: "tag:yaml.org,2002:seq",
         MappingNode: "tag:yaml.org,2002:map"}


class _PlainResolver:
    """As dvcq_cli/loader.py: every node keeps its default tag, scalars stay text."""

    def resolve(self, kind, value, implicit):
        return _TAGS[kind]

    def descend_resolver(self, current_node, current_index):
        return None

    def ascend_resolver(self):
        return None


class _NodeLoader(_PlainResolver, CParser):
    pass


PY_STYLE = {None: "plain", "": "plain", "'": "single", '"': "double", "|": "literal",
            ">": "folded"}


def walk_pyyaml(root):
    """(kind, key path, text, style, line, column) of every key and scalar value."""
    out = []
    append = out.append
    stack = [(root, ())]
    pop = stack.pop
    push = stack.append
    while stack:
        node, path = pop()
        if isinstance(node, MappingNode):
            for key, value in node.value:
                mark = key.start_mark
                here = path + (key.value,)
                append(("key", here, key.value, PY_STYLE[key.style], mark.line + 1,
                        mark.column + 1))
                push((value, here))
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                push((item, path + (index,)))
        else:
            mark = node.start_mark
            append(("val", path, node.value, PY_STYLE[node.style], mark.line + 1,
                    mark.column + 1))
    return out


# ------------------------------------------------------------------------------- rapidyaml

class _PyBuffer(ctypes.Structure):
    _fields_ = [("buf", ctypes.c_void_p), ("obj", ctypes.c_void_p),
                ("len", ctypes.c_ssize_t), ("itemsize", ctypes.c_ssize_t),
                ("readonly", ctypes.c_int), ("ndim", ctypes.c_int),
                ("format", ctypes.c_char_p), ("shape", ctypes.c_void_p),
                ("strides", ctypes.c_void_p), ("suboffsets", ctypes.c_void_p),
                ("internal", ctypes.c_void_p)]


_get_buffer = ctypes.pythonapi.PyObject_GetBuffer
_get_buffer.argtypes = [ctypes.py_object, ctypes.POINTER(_PyBuffer), ctypes.c_int]
_release_buffer = ctypes.pythonapi.PyBuffer_Release
_release_buffer.argtypes = [ctypes.POINTER(_PyBuffer)]
_view = _PyBuffer()
_view_ref = ctypes.byref(_view)


def address_api(obj):
    """Address of the first byte of a buffer, through the documented C API."""
    _get_buffer(obj, _view_ref, 0)
    where = _view.buf
    _release_buffer(_view_ref)
    return where


def _memoryview_offset():
    """Where a memoryview object keeps its buffer address (CPython layout), or None."""
    probe = bytearray(b"dvcq")
    view = memoryview(probe)
    where = address_api(probe)
    for offset in range(0, memoryview.__basicsize__, ctypes.sizeof(ctypes.c_void_p)):
        if ctypes.c_void_p.from_address(id(view) + offset).value == where:
            return offset
    return None


_MV_OFFSET = _memoryview_offset()
_from_address = ctypes.c_void_p.from_address


def address_fast(view):
    return _from_address(id(view) + _MV_OFFSET).value


if ryml is not None:
    KEY, VAL, MAP, SEQ = ryml.KEY, ryml.VAL, ryml.MAP, ryml.SEQ
    NONE = ryml.NONE
    KEY_STYLES = ((ryml.KEY_PLAIN, "plain"), (ryml.KEY_SQUO, "single"),
                  (ryml.KEY_DQUO, "double"), (ryml.KEY_LITERAL, "literal"),
                  (ryml.KEY_FOLDED, "folded"))
    VAL_STYLES = ((ryml.VAL_PLAIN, "plain"), (ryml.VAL_SQUO, "single"),
                  (ryml.VAL_DQUO, "double"), (ryml.VAL_LITERAL, "literal"),
                  (ryml.VAL_FOLDED, "folded"))
    _KEY_STYLE_MASK, _VAL_STYLE_MASK = ryml.KEY_STYLE, ryml.VAL_STYLE
    from ryml.ryml import _ryml


def _style(bits, table, cache={}):  # noqa: B006 - a deliberate memo
    style = cache.get(bits)
    if style is None:
        style = next((name for bit, name in table if bits & bit), "none")
        cache[bits] = style
    return style


_HEADER = re.compile(rb"[|>][-+0-9]*[ \t]*(?:#[^\n]*)?$")


class _Places:
    """Byte offsets in one file's UTF-8 text → 1-based line and character column."""

    def __init__(self, src):
        self.src = src
        starts = [0]
        find = src.find
        newline = find(b"\n")
        while newline >= 0:
            starts.append(newline + 1)
            newline = find(b"\n", newline + 1)
        self.starts = starts

    def at(self, offset):
        line = bisect_right(self.starts, offset)
        start = self.starts[line - 1]
        prefix = self.src[start:offset]
        if prefix.isascii():
            return line, offset - start + 1
        return line, len(prefix.decode("utf-8")) + 1

    def place(self, offset, style):
        """Where the scalar whose text ryml left at `offset` starts, as PyYAML marks it."""
        src = self.src
        if not 0 <= offset <= len(src):
            return None, None  # filtered into the tree's arena: no place in the file
        if style == "single" or style == "double":
            offset -= 1  # PyYAML marks the opening quote; ryml's text starts after it
            if src[offset:offset + 1] not in (b"'", b'"'):
                return None, None
        elif style == "literal" or style == "folded":
            # ryml leaves a block scalar's text at the start of its first content line;
            # PyYAML marks the indicator, on the last non-blank line before it.
            end = src.rfind(b"\n", 0, offset)
            while end >= 0:
                start = src.rfind(b"\n", 0, end) + 1
                if src[start:end].strip():
                    match = _HEADER.search(src, start, end)
                    if match is None:
                        return None, None
                    offset = match.start()
                    break
                end = start - 1
            else:
                return None, None
        return self.at(offset)


def walk_ryml(tree, src, base, address=address_api):
    """The same entries as walk_pyyaml, from a tree parse_in_place made of a copy of src.

    Calls the SWIG functions directly (`_ryml.Tree_type(tree, node)`): the Python methods of
    ryml.Tree only forward to them, and the extra call costs a third of the walk.
    """
    places = _Places(src)
    starts, place = places.starts, places.place
    out = []
    append = out.append
    low = _ryml
    kind_of, key_of, val_of = low.Tree_type, low.Tree_key, low.Tree_val
    first_child, next_sibling = low.Tree_first_child, low.Tree_next_sibling
    stack = [(low.Tree_root_id(tree), ())]
    pop = stack.pop
    push = stack.append
    while stack:
        node, path = pop()
        bits = kind_of(tree, node)
        for is_key in (True, False):
            if is_key:
                if not bits & KEY:
                    continue
                scalar = key_of(tree, node)
                style = _style(bits & _KEY_STYLE_MASK, KEY_STYLES)
            else:
                if not bits & VAL:
                    break
                scalar = val_of(tree, node)
                style = _style(bits & _VAL_STYLE_MASK, VAL_STYLES)
                if scalar is None:  # `key:` with nothing after it: no text, no place
                    append(("val", path, None, style, None, None))
                    break
            text = str(scalar, "utf-8")
            if address is None:  # (c⁰): text and style only
                line = column = None
            else:
                offset = address(scalar) - base
                if style == "plain" and 0 <= offset <= len(src):  # the common case, inlined
                    line = bisect_right(starts, offset)
                    start = starts[line - 1]
                    prefix = src[start:offset]
                    column = (offset - start if prefix.isascii() else len(prefix.decode())) + 1
                else:
                    line, column = place(offset, style)
            if is_key:
                path = path + (text,)
                append(("key", path, text, style, line, column))
            else:
                append(("val", path, text, style, line, column))
        if bits & (MAP | SEQ):
            child = first_child(tree, node)
            if bits & SEQ:
                index = 0
                while child != NONE:
                    push((child, path + (index,)))
                    index += 1
                    child = next_sibling(tree, child)
            else:
                while child != NONE:
                    push((child, path))
                    child = next_sibling(tree, child)
    return out


def ryml_entries(text, tree, address=address_api):
    src = text.encode()
    buffer = bytearray(src)
    tree.clear()
    tree.clear_arena()
    ryml.parse_in_place(buffer, tree)
    return walk_ryml(tree, src, address_api(buffer), address)


# ---------------------------------------------------------------------------- the methods

def m_load(texts):
    load, loader = yaml.load, yaml.CSafeLoader
    for text in texts:
        load(text, Loader=loader)  # noqa: S506 - CSafeLoader


def m_compose(texts):
    compose = yaml.compose
    for text in texts:
        compose(text, Loader=_NodeLoader)  # noqa: S506 - node composition only


def m_compose_walk(texts):
    compose = yaml.compose
    for text in texts:
        walk_pyyaml(compose(text, Loader=_NodeLoader))  # noqa: S506


def m_ryml_parse(texts):
    tree = ryml.Tree()
    parse, clear, clear_arena = ryml.parse_in_place, tree.clear, tree.clear_arena
    for text in texts:
        clear()
        clear_arena()
        parse(bytearray(text.encode()), tree)


def m_ryml_walk(texts):
    tree = ryml.Tree()
    for text in texts:
        ryml_entries(text, tree)


def m_ryml_walk_noplace(texts):
    tree = ryml.Tree()
    for text in texts:
        ryml_entries(text, tree, None)


def m_ryml_walk_fast(texts):
    tree = ryml.Tree()
    for text in texts:
        ryml_entries(text, tree, address_fast)


# --------------------------------------------------------------------------- correctness

EDGE = """\
# trường hợp mà các tệp benchmark không có
document: {type: KH, number: 294, place: Đồng Nai, title: Thực hiện công tác Dân vận}
units:
  - {id: hctc, name: Phòng Hành chính – Tổ chức}
  - id: "tp"
    name: 'Phòng Tư pháp'
"khóa có nháy": giá trị sau “ngoặc kép”
đơn_vị: Ủy ban nhân dân xã Đông Hòa
escaped: "Tab\\there, \\u1ea0 và nháy \\" kép"
single: 'it''s'
literal: |
  dòng một
  dòng hai
folded_keep: >+
  Hội nghị
  quán triệt

after_blank: >-

  Nội dung sau dòng trống
multi_plain: một dòng
  rồi dòng nữa
empty_quoted: ""
nothing:
flow_list: [Đồng Nai, "Bà Rịa – Vũng Tàu", 'Huế']
seq:
  - Tăng cường 80%
  - - lồng nhau
"""


def compare(texts, names):
    """(files that differ, details): entries of (b) against (c), as sets."""
    tree = ryml.Tree()
    bad = []
    for text, name in zip(texts, names, strict=True):
        mine = set(walk_pyyaml(yaml.compose(text, Loader=_NodeLoader)))  # noqa: S506
        theirs = set(ryml_entries(text, tree))
        if mine != theirs:
            only_b = sorted(mine - theirs, key=repr)
            only_c = sorted(theirs - mine, key=repr)
            bad.append((name, len(mine), only_b, only_c))
    return bad


def print_differences(bad, limit=12):
    for name, total, only_b, only_c in bad:
        print(f"  {name}: {len(only_b)} of {total} entries differ")
        for left, right in list(zip(only_b, only_c, strict=False))[:limit]:
            print(f"    PyYAML    {left}")
            print(f"    rapidyaml {right}")
        for extra in only_b[len(only_c):limit]:
            print(f"    only PyYAML    {extra}")
        for extra in only_c[len(only_b):limit]:
            print(f"    only rapidyaml {extra}")


# ------------------------------------------------------------------------------------ main

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=5, help="timed passes per method")
    parser.add_argument("--sample", type=int, default=20, help="files compared (b) vs (c)")
    parser.add_argument("--check-all", action="store_true", help="compare every file")
    args = parser.parse_args(argv)

    files = sorted(args.folder.glob("*.yaml"))
    if not files:
        sys.exit(f"no .yaml files in {args.folder} (make them with benchmarks/generate.py)")
    # As dvcq reads a file: UTF-8 without BOM, one form of line end.
    texts = [f.read_bytes().decode("utf-8").removeprefix("\ufeff")
             .replace("\r\n", "\n").replace("\r", "\n") for f in files]
    size = sum(len(t.encode()) for t in texts)
    print(f"{len(files)} files in {args.folder}, {size / len(files) / 1024:.1f} KB on average")
    print(f"Python {platform.python_version()} on {platform.machine()}, "
          f"{os.cpu_count()} CPUs (os.cpu_count), PyYAML {yaml.__version__} "
          f"(libyaml {yaml._yaml.get_version_string()})", end="")
    if ryml is None:
        print("\nrapidyaml not installed: only the PyYAML rows are measured")
    else:
        print(f", rapidyaml {ryml.version}")

    methods = [("(a)  yaml.load CSafeLoader", m_load),
               ("(b′) compose, dvcq's loader", m_compose),
               ("(b)  compose + walk", m_compose_walk)]
    if ryml is not None:
        methods += [("(c′) ryml parse_in_place", m_ryml_parse),
                    ("(c⁰) ryml parse + walk, no places", m_ryml_walk_noplace),
                    ("(c)  ryml parse + walk", m_ryml_walk)]
        if _MV_OFFSET is not None:
            methods.append(("(c*) (c), address via id()", m_ryml_walk_fast))

        step = max(1, len(files) // max(1, args.sample))
        picked = range(len(files)) if args.check_all else range(0, len(files), step)
        picked = list(picked)[:None if args.check_all else args.sample]
        bad = compare([texts[i] for i in picked], [files[i].name for i in picked])
        entries = sum(len(walk_pyyaml(yaml.compose(texts[i], Loader=_NodeLoader)))  # noqa: S506
                      for i in picked)
        print(f"\ncorrectness, (b) against (c) on {len(picked)} files ({entries} keys and "
              f"values): {'all equal' if not bad else f'{len(bad)} files differ'}")
        print_differences(bad)
        edge = compare([EDGE], ["built-in edge cases"])
        total = len(walk_pyyaml(yaml.compose(EDGE, Loader=_NodeLoader)))  # noqa: S506
        print(f"built-in edge cases ({total} keys and values): "
              f"{'all equal' if not edge else 'differences:'}")
        print_differences(edge, limit=40)

    warm = texts[:200]
    for _, method in methods:
        method(warm)
    times = {name: [] for name, _ in methods}
    for turn in range(args.repeat):
        order = methods[turn % len(methods):] + methods[:turn % len(methods)]
        for name, method in order:
            gc.collect()
            started = time.perf_counter()
            method(texts)
            times[name].append(time.perf_counter() - started)
        print(f"  pass {turn + 1}/{args.repeat} done", file=sys.stderr)

    base = statistics.median(times[methods[0][0]])
    print(f"\nmedian of {args.repeat} interleaved passes over {len(files)} files")
    print(f"{'method':<35} {'µs/file':>8} {'× (a)':>7} {'min–max µs/file':>17}")
    for name, _ in methods:
        runs = times[name]
        per = statistics.median(runs) / len(files) * 1e6
        low, high = min(runs) / len(files) * 1e6, max(runs) / len(files) * 1e6
        print(f"{name:<35} {per:8.1f} {statistics.median(runs) / base:7.2f} "
              f"{low:8.1f}–{high:<8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
