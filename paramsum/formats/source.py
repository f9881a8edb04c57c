"""Read a model file into plain data (dicts, lists, scalars), keeping source positions.

YAML mappings and sequences come back as `Mapping`/`Sequence` (dict and list
subclasses) that remember the line and column of themselves and of their keys, so
later steps can point at the place that is wrong. Only `yaml.safe_load` semantics:
no tag in a file can construct an object, and depth and alias expansion are bounded.
"""

from __future__ import annotations

import functools
import os
import re
import stat
import sys

from .. import limits
from ..errors import ParamsumError
from ..graph import Location

MAX_FILE_BYTES = limits.FILE_BYTES.value
MAX_DEPTH = limits.DEPTH.value
# An integer of more digits than this is refused as the file is read: Python reads (and prints) no more.
MAX_INT_DIGITS = limits.INT_DIGITS.value
_INT_BOUND = 10**MAX_INT_DIGITS
# A lone surrogate can only come from an escape (\ud800): the data is searched only when the text has one.
_SURROGATE_ESCAPE = re.compile(r"\\(?:u[dD][89a-fA-F]|U0000[dD][89a-fA-F])")
# Binary files recognised by their first bytes, read by their own readers from the path: never read whole here.
BINARY_MAGIC = {b"\x89HDF\r\n\x1a\n": "h5", b"PK\x03\x04": "keras-archive", b"GGUF": "gguf"}


class BinaryFile:
    """A binary model file recognised by its magic: its kind, path, and the bytes when it came from stdin."""

    __slots__ = ("kind", "path", "data")

    def __init__(self, kind, path, data=None):
        self.kind = kind
        self.path = path
        self.data = data


CHECKPOINTS = ("safetensors", "gguf")  # read from their path only: the header, never the data


def binary_kind(head):
    """The kind of binary file that starts with `head` (16 bytes): 'h5', 'keras-archive', 'gguf', 'safetensors'."""
    kind = next((kind for magic, kind in BINARY_MAGIC.items() if head.startswith(magic)), None)
    # safetensors has no magic: an 8-byte little-endian header length, then the JSON header's '{'.
    # A text file has printable bytes in the length's top byte: never a plausible length.
    if kind is None and len(head) >= 9 and head[8:9] == b"{" and 2 <= int.from_bytes(head[:8], "little") < 2**56:
        kind = "safetensors"
    return kind


class Mapping(dict):
    """A dict that knows where it and each of its keys stand in the source file."""

    __slots__ = ("pos", "key_pos")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pos = None
        self.key_pos = {}


class Sequence(list):
    """A list that knows where it and each of its items stand in the source file."""

    __slots__ = ("pos", "item_pos")

    def __init__(self, *args):
        super().__init__(*args)
        self.pos = None
        self.item_pos = []


def position(container, key=None):
    """(line, column) of `container` or of its `key`, 1-based; None when unknown."""
    if key is not None:
        if isinstance(container, Mapping) and key in container.key_pos:
            return container.key_pos[key]
        if isinstance(container, Sequence) and isinstance(key, int) and key < len(container.item_pos):
            return container.item_pos[key]
    return getattr(container, "pos", None)


def location(container):
    """The Location of a mapping read from YAML (with each key's position); an empty one for plain data."""
    pos = getattr(container, "pos", None)
    return Location(*(pos or (None, None)), keys=getattr(container, "key_pos", None))


INDEX = "model.safetensors.index.json"
SINGLE = "model.safetensors"


class ModelDirectory:
    """A directory's parsed config.json and its path."""

    kind = "directory"

    def __init__(self, path, config):
        self.path = path
        self.config = config


def load_directory(path):
    """(data, display name) for a directory: a ModelDirectory, an index's data, or a checkpoint file."""
    name = str(path)
    config = os.path.join(path, "config.json")
    if os.path.isfile(config):
        text, source = read_source(config)
        if not isinstance(text, str):
            raise ParamsumError("config.json is not a text file", source=source)
        return ModelDirectory(path, parse_text(text, source)), source
    index = os.path.join(path, INDEX)
    if os.path.isfile(index):
        text, source = read_source(index)
        return parse_text(text, source), source
    single = os.path.join(path, SINGLE)
    if os.path.isfile(single):
        return BinaryFile("safetensors", single), single
    raise ParamsumError("is a directory without a config.json or a model.safetensors; give a model file, or a "
                        "Hugging Face model directory (which holds config.json)", source=name)


def read_source(path):
    """Return (text, display name) for a path, or for '-' meaning standard input."""
    piped = path == "-"  # read as it comes: a pipe cannot be opened again by a binary file's reader
    if piped:
        name = "<stdin>"
        data = read_stream(sys.stdin.buffer, MAX_FILE_BYTES + 1, name)
    else:
        name = str(path)
        try:
            if os.path.isdir(path):  # a Hugging Face model directory: its config.json
                config = os.path.join(path, "config.json")
                if not os.path.isfile(config):
                    raise ParamsumError("is a directory without a config.json; give a model file, or a Hugging "
                                        "Face model directory (which holds config.json)", source=name)
                path = name = config
            pipe = _check_regular(path, name)
            piped = pipe is not None
            if piped:
                with pipe:
                    data = read_stream(pipe, MAX_FILE_BYTES + 1, name)
            else:
                with open(path, "rb") as handle:
                    head = handle.read(16)
                    kind = binary_kind(head)
                    if kind is not None:  # never read whole here: its reader reads what it needs
                        return BinaryFile(kind, path), name
                    data = head + handle.read(MAX_FILE_BYTES + 1 - len(head))
        except FileNotFoundError:
            raise ParamsumError("no such file", source=name) from None
        except PermissionError:
            raise ParamsumError("permission denied", source=name) from None
        except OSError as error:
            raise ParamsumError(f"cannot read: {error.strerror or error}", source=name) from None
    where = "on standard input" if path == "-" else "through a pipe"
    if piped and binary_kind(data[:16]) in CHECKPOINTS:
        raise ParamsumError(f"a {binary_kind(data[:16])} checkpoint {where}; give its path (only "
                            "its header is read, from the file)", source=name)
    if piped and binary_kind(data[:16]) is not None:
        if len(data) > MAX_FILE_BYTES:
            raise limits.exceeded(limits.FILE_BYTES, f"a binary model file {where} of more than "
                                  f"{MAX_FILE_BYTES // 2**20} MiB (give its path instead)", source=name)
        return BinaryFile(binary_kind(data[:16]), None, data), name
    if len(data) > MAX_FILE_BYTES:
        raise limits.exceeded(limits.FILE_BYTES, f"a file of more than {MAX_FILE_BYTES // 2**20} MiB", source=name)
    if b"\x00" in data[:8192]:
        raise ParamsumError("binary file, not a YAML or JSON model description", source=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ParamsumError(
            f"not UTF-8 text (byte {error.start}): binary file, not a YAML or JSON model description", source=name
        ) from None
    return text, name


def read_stream(stream, limit, name):
    """At most `limit` bytes of a binary stream. A pipe (or a FIFO, a socket) that stays silent for MAX_PIPE_WAIT
    seconds is an error, not a wait without end; a regular file or a terminal is read as it is."""
    try:
        descriptor = stream.fileno()
        mode = os.fstat(descriptor).st_mode
    except (AttributeError, OSError, ValueError):  # an in-memory stream (a test's, a notebook's)
        return stream.read(limit)
    if not (stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)) or os.name == "nt":  # (select takes no pipe there)
        return stream.read(limit)
    chunks, size, wait = [], 0, limits.PIPE_WAIT.value
    read = getattr(stream, "read1", stream.read)  # what one read of the pipe gives: nothing left in a buffer
    blocking = os.get_blocking(descriptor)  # (a FIFO is opened without: with no writer, it reads as empty)
    while size < limit:
        if blocking:
            _wait(descriptor, wait, size, name)
        chunk = read(min(1 << 20, limit - size))
        if chunk is None:  # nothing yet, from a writer that is there
            _wait(descriptor, wait, size, name)
            continue
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _wait(descriptor, seconds, size, name):
    import select

    ready, _, _ = select.select([descriptor], [], [], seconds)
    if not ready:
        raise limits.exceeded(limits.PIPE_WAIT, f"no data for {seconds} s after {size:,} bytes", source=name)


def _check_regular(path, name):
    """Refuse a device or a socket before open(), which could block or never end on it; a pipe (`<(cmd)`, a FIFO)
    is opened without waiting for a writer: with none, it reads as empty."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # open() says why, in its own words
    if stat.S_ISFIFO(mode):
        return os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb", buffering=0)
    if not stat.S_ISREG(mode):
        kind = "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else \
            "not a regular file"
        raise ParamsumError(f"is {kind}, not a model file", source=name,
                            hint="give a file, or '-' and pipe it to standard input")
    return None


def parse_text(text, source):
    """Parse YAML or JSON text into plain data; JSON takes the fast path."""
    stripped = text.lstrip()
    if not stripped:
        raise ParamsumError("file is empty; expected a model description", source=source)
    data = _NOT_JSON
    if stripped[0] in "{[":
        import json  # (YAML input never pays for it)

        check_containers(text, source)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            if stripped[0] == "[" or stripped[1:].lstrip().startswith('"'):
                raise ParamsumError(
                    f"invalid JSON: {error.msg}", source=source, line=error.lineno, column=error.colno
                ) from None
        except ValueError:  # an integer of more digits than Python reads (4,300)
            raise ParamsumError(_too_many_digits(), source=source) from None
        except RecursionError:
            raise ParamsumError(f"nesting deeper than {MAX_DEPTH} levels", source=source) from None
    if data is _NOT_JSON:
        data = _parse_yaml(text, source)
    if _SURROGATE_ESCAPE.search(text):
        _check_unicode(data, source)
    return data


_NOT_JSON = object()


def check_containers(text, source):
    """Refuse JSON of more mappings and lists than MAX_JSON_CONTAINERS before it is parsed: each takes 60–200
    bytes (64 MiB of `{},` would take 1.7 GB). Each needs two characters, so a shorter text is not counted."""
    bound = limits.JSON_CONTAINERS.value
    if len(text) > 2 * bound and text.count("{") + text.count("[") > bound:
        raise limits.exceeded(limits.JSON_CONTAINERS, f"more than {bound:,} mappings and lists", source=source)


def _too_many_digits():
    return limits.exceeded(limits.INT_DIGITS, f"an integer of more than {MAX_INT_DIGITS:,} digits (no size is near "
                           f"that: sizes are at most {limits.SIZE.describe()})").message


def _check_unicode(data, source):
    """Refuse a string with a lone surrogate ("\\ud800"): no text can hold one, so nothing could print it."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as error:
                raise ParamsumError(
                    f"a string holds a lone surrogate (\\u{ord(item[error.start]):04x}), which is no Unicode "
                    f"character; received: {limits.shown(item.encode('utf-8', 'backslashreplace').decode())}",
                    source=source, hint="write the character itself, or a surrogate pair",
                ) from None


def _yaml():
    import yaml

    return yaml


_LOADERS = None
_STR, _INT, _MAP, _SEQ = (f"tag:yaml.org,2002:{name}" for name in ("str", "int", "map", "seq"))
_MERGE = "tag:yaml.org,2002:merge"
_FLATTENED = {_MERGE, "tag:yaml.org,2002:value"}  # keys that SafeConstructor's flatten_mapping rewrites


class _NODES:
    """PyYAML's node classes and its integer rule, set when it is imported."""

    scalar = mapping = sequence = construct_int = None


def _loader_class(aliases=True):
    """The YAML loader: the C parser where there is one, its values built by `_Builder`. `aliases`: the text
    may hold some (a '*'), so the loader counts the nodes met again; without, that check is skipped."""
    global _LOADERS
    if _LOADERS is None:
        yaml = _yaml()
        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        _NODES.scalar, _NODES.mapping, _NODES.sequence = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
        _NODES.construct_int = yaml.constructor.SafeConstructor.construct_yaml_int

        class PositionLoader(base):
            count_aliases = False
            slots_used = slots_left = 0  # (with aliases) the values placed in collections, and the bound on them
            depth = 0  # of the collection whose value the loader's own constructors build
            aliases = 0  # nodes met again: aliases (an alias nests nothing where it stands)
            # The parser calls these for every node: with no path resolvers (paramsum adds none) they do
            # nothing but count the values (the nodes PyYAML holds until the document ends), and a builtin
            # does nothing faster than a Python method.
            ascend_resolver = tuple

            def descend_resolver(self, parent, index):
                self.values -= 1
                if self.values < 0:
                    mark = getattr(parent, "start_mark", None)
                    raise limits.exceeded(limits.YAML_VALUES, f"more than {limits.YAML_VALUES.value:,} values",
                                          line=mark and mark.line + 1, column=mark and mark.column + 1)

            def __init__(self, stream):
                super().__init__(stream)
                self.values = limits.YAML_VALUES.value
                # A plain value's tag, memoised per (kind, text, implicit): a file repeats its words ('Dense',
                # 'units'), and a hit costs no Python call.
                self.resolve = functools.lru_cache(maxsize=None)(super().resolve)

        class AliasCountingLoader(PositionLoader):
            count_aliases = True

            def construct_object(self, node, deep=False):
                if node in self.constructed_objects:
                    self.aliases += 1
                return super().construct_object(node, deep)

        def construct_collection(loader, node):  # one inside a value the loader builds (an !!omap's items)
            expected = "mapping" if node.tag == _MAP else "sequence"
            if node.id != expected:  # `!!map [1]`
                raise yaml.constructor.ConstructorError(None, None, f"expected a {expected}, but found a {node.id}",
                                                        node.start_mark)
            return _Builder(loader).build(node, loader.depth)

        PositionLoader.add_constructor(_MAP, construct_collection)
        PositionLoader.add_constructor(_SEQ, construct_collection)
        PositionLoader.add_constructor(_INT, _construct_int)
        _LOADERS = {True: AliasCountingLoader, False: PositionLoader}
    return _LOADERS[aliases]


def _construct_int(loader, node):
    """An integer, refused past MAX_INT_DIGITS digits (Python reads no more)."""
    try:
        value = _NODES.construct_int(loader, node)
    except ValueError:
        value = None
    if value is None or abs(value) >= _INT_BOUND:
        raise ParamsumError(_too_many_digits(), line=node.start_mark.line + 1, column=node.start_mark.column + 1)
    return value


def _parse_yaml(text, source):
    yaml = _yaml()
    loader = _loader_class(aliases="*" in text)
    try:
        documents, aliases = _load_all(loader, text)
    except ParamsumError as error:
        error.located(source=source)
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        if "nesting depth" in problem:
            problem = f"nesting deeper than {MAX_DEPTH} levels"
        if isinstance(error, yaml.constructor.ConstructorError) and "tag" in str(problem):
            problem = f"{problem.strip()}; paramsum reads plain YAML only (tags that build objects are refused)"
        raise ParamsumError(
            f"invalid YAML: {problem}", source=source,
            line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as error:
        raise ParamsumError(f"invalid YAML: {error}", source=source) from None
    except RecursionError:
        raise ParamsumError(f"nesting deeper than {MAX_DEPTH} levels", source=source) from None
    documents = [d for d in documents if d is not None]
    if not documents:
        raise ParamsumError("file holds no data; expected a model description", source=source)
    if len(documents) > 1:
        raise ParamsumError("file holds several YAML documents; give one model per file", source=source)
    if aliases:
        _check_expansion(documents[0], source)
    return documents[0]


def _load_all(loader_class, text):
    """(documents, aliases met) of a YAML text, parsed once: composed by PyYAML, built by `_Builder`."""
    loader = loader_class(text)
    try:
        documents = []
        while loader.check_node():
            root = loader.get_node()
            # the values the builder may place: the nodes composed (roots aside) and what aliases add, bounded
            loader.slots_left = limits.YAML_VALUES.value - loader.values - len(documents) - 1 - loader.slots_used \
                + limits.ALIAS_NODES.value
            documents.append(_Builder(loader).build(root))
            loader.constructed_objects = {}
        return documents, loader.aliases
    finally:
        loader.dispose()
        vars(loader).pop("resolve", None)  # (the memo holds the loader: no cycle left for a collector)


class _Builder:
    """Plain data from a composed YAML node tree, as `yaml.safe_load` gives it, with positions kept.

    A model file is mappings, lists, strings and integers: those are built here in one walk (the same
    result as SafeConstructor's, at a third of its cost); any other value (null, bool, float, a
    timestamp, `!!set`, a tag) goes to the loader's own constructors, which refuse a tag that would
    build an object. With the alias-counting loader, a node met again is counted and shared.
    """

    __slots__ = ("loader", "aliases", "built", "open")

    def __init__(self, loader):
        self.loader = loader
        self.aliases = loader.count_aliases
        self.built = loader.constructed_objects  # node → value, shared with the loader's constructors
        self.open = set()  # (with aliases) the collections being built: an alias to one is recursive

    def build(self, node, depth=0):
        kind = type(node)
        tag = node.tag
        if kind is _NODES.scalar:
            if tag == _STR:
                return node.value
            if tag == _INT:
                return _construct_int(self.loader, node)
            return self._by_loader(node, depth)
        if self.aliases and node in self.built:
            if node in self.open:
                raise ParamsumError("a YAML alias refers to a value that holds it (a recursive alias); a model "
                                    "file is a tree", line=node.start_mark.line + 1, column=node.start_mark.column + 1)
            self.loader.aliases += 1
            return self.built[node]
        depth += 1
        if depth > MAX_DEPTH:
            raise ParamsumError(f"nesting deeper than {MAX_DEPTH} levels", line=node.start_mark.line + 1,
                                column=node.start_mark.column + 1)
        if kind is _NODES.mapping and tag == _MAP:
            return self._collection(self._mapping, node, depth)
        if kind is _NODES.sequence and tag == _SEQ:
            return self._collection(self._sequence, node, depth)
        return self._by_loader(node, depth)  # !!set, !!omap, !!pairs, or a tag refused

    def _collection(self, build, node, depth):
        if not self.aliases:
            return build(node, depth)
        self.open.add(node)
        data = build(node, depth)
        self.open.discard(node)
        return data

    def _place(self, count, node):
        """Count `count` values placed in a collection: past the nodes composed, aliases repeat values."""
        loader = self.loader
        loader.slots_used += count
        loader.slots_left -= count
        if loader.slots_left < 0:
            raise limits.exceeded(limits.ALIAS_NODES, f"aliases that add more than {limits.ALIAS_NODES.value:,} values",
                                  line=node.start_mark.line + 1, column=node.start_mark.column + 1)

    def _sequence(self, node, depth):
        if self.aliases:
            self._place(len(node.value), node)
        data = self.built[node] = Sequence()
        mark = node.start_mark
        data.pos = (mark.line + 1, mark.column + 1)
        positions = data.item_pos
        for item in node.value:
            data.append(item.value if item.tag == _STR and type(item) is _NODES.scalar else
                        self.build(item, depth))
            mark = item.start_mark
            positions.append((mark.line + 1, mark.column + 1))
        return data

    def _by_loader(self, node, depth):
        self.loader.depth = depth
        return self.loader.construct_object(node, deep=True)

    def _mapping(self, node, depth):
        data = self.built[node] = Mapping()
        mark = node.start_mark
        data.pos = (mark.line + 1, mark.column + 1)
        positions = data.key_pos
        pairs = node.value
        merged = 0  # the pairs that `<<:` brings in come first; the mapping's own keys win over them
        if any(key_node.tag in _FLATTENED for key_node, _ in pairs):
            explicit = sum(1 for key_node, _ in pairs if key_node.tag != _MERGE)
            self.loader.flatten_mapping(node)
            pairs = node.value
            merged = len(pairs) - explicit
        if self.aliases:
            self._place(2 * len(pairs), node)
        own = set()  # (with merged pairs: the keys the mapping writes itself)
        scalar = _NODES.scalar
        for index, (key_node, value_node) in enumerate(pairs):
            key = key_node.value if key_node.tag == _STR and type(key_node) is scalar else self.build(key_node, depth)
            try:
                seen = key in positions
            except TypeError:
                raise ParamsumError("a mapping key must be a plain value", line=key_node.start_mark.line + 1,
                                    column=key_node.start_mark.column + 1) from None
            if index < merged:  # YAML 1.1: a key of a mapping listed earlier in `<<: [*a, *b]` wins
                if seen:
                    continue
            else:
                if key in own if merged else seen:
                    raise ParamsumError(f"duplicate key {limits.shown(str(key))}", line=key_node.start_mark.line + 1,
                                        column=key_node.start_mark.column + 1)
                if merged:
                    own.add(key)
            data[key] = value_node.value if value_node.tag == _STR and type(value_node) is scalar else \
                self.build(value_node, depth)
            mark = key_node.start_mark
            positions[key] = (mark.line + 1, mark.column + 1)
        return data


def _check_expansion(document, source):
    """Refuse alias bombs before anything walks the data: the values and the depth the document would have with
    every alias expanded, counted once per distinct mapping or list (linear in the file, whatever it expands to)."""
    size, depth, own = {}, {}, 0  # id → expanded values, expanded depth; `own`: values the file itself writes
    stack = [(document, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        items = node.values() if isinstance(node, dict) else node
        if children_done:
            inner = [c for c in items if isinstance(c, (dict, list))]
            size[key] = 1 + (len(items) - len(inner)) + sum(size[id(c)] for c in inner)
            depth[key] = 1 + max((depth[id(c)] for c in inner), default=0)
            own += 1 + len(items) - len(inner)
            if depth[key] > MAX_DEPTH:
                raise limits.exceeded(limits.DEPTH, "aliases that nest values deeper", source=source)
            continue
        if key in size:
            continue
        if key in depth:  # open: the value holds itself
            raise ParamsumError("a YAML alias refers to a value that holds it (a recursive alias); a model file "
                                "is a tree", source=source)
        depth[key] = None
        stack.append((node, True))
        stack.extend((c, False) for c in items if isinstance(c, (dict, list)) and id(c) not in size)
    added = size[id(document)] - own
    if added > limits.ALIAS_NODES.value:
        raise limits.exceeded(limits.ALIAS_NODES, f"aliases that expand to {added:,} more values", source=source)


def load(path):
    """Read and parse one file ('-' for stdin): (data, display name)."""
    if path != "-" and os.path.isdir(path):  # a model directory: config.json, and the checkpoint beside it
        return load_directory(path)
    text, source = read_source(path)
    if isinstance(text, (bytes, BinaryFile)):
        return text, source
    return parse_text(text, source), source
