"""The one reader of demo data files: `load(app, name, shape)` reads `pdsite/<app>/demo/<name>.yaml`.

Every app that seeds part of the demo keeps its data beside its code, in a `demo/` folder of
the app, and reads it through here, so all demo data is found, parsed and checked the same
way. Files are read relative to this module (they ship inside the package; nothing is looked up
on a search path), with PyYAML's safe loader, so a file can hold only plain data.

It lives in courses because courses is the lowest app that seeds demo content: home,
departments and pathways already import courses, so reading through it keeps imports flowing
one way. It imports no Django.

`load` checks the top-level shape (the keys and the type of each value) and raises
DemoDataError naming the file and the key; the DemoData it returns turns a list of mappings
into records (`.records(key, build)`), naming the file, key and item when one does not fit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

import yaml

__all__ = ["PDSITE_DIR", "DemoData", "DemoDataError", "demo_data_path", "load"]

PDSITE_DIR = Path(__file__).resolve().parents[2]  # pdsite/courses/demo/loader.py -> pdsite/

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when it is built in
T = TypeVar("T")


class DemoDataError(ValueError):
    """A demo data file is missing, is not valid YAML, or does not have the expected shape."""


def demo_data_path(app: str, name: str, *, root: Path = PDSITE_DIR) -> Path:
    """Where the demo data file `name` of `app` lives: pdsite/<app>/demo/<name>.yaml.

    `root` is the folder holding the apps: pdsite/ itself unless a test says otherwise.
    """
    return root / app / "demo" / f"{name}.yaml"


class DemoData(dict):
    """A demo data file's top-level mapping, which knows where it was read from (`where`)."""

    def __init__(self, data: dict, where: str):
        super().__init__(data)
        self.where = where

    def records(self, key: str, build: Callable[[dict], T]) -> tuple[T, ...]:
        """Each mapping in the list under `key`, built into a record by `build` (a dataclass, say).

        An item that is not a mapping, or that `build` refuses (a missing or unknown field:
        TypeError, ValueError, KeyError), raises DemoDataError naming the file, the key, the
        item's position and its slug when it has one.
        """
        built = []
        for index, item in enumerate(self[key]):
            label = f"{self.where}: {key}[{index}]"
            if not isinstance(item, dict):
                raise DemoDataError(f"{label} must be a mapping, not {type(item).__name__}")
            if "slug" in item:
                label += f" ({item['slug']})"
            try:
                built.append(build(item))
            except (TypeError, ValueError, KeyError) as error:
                raise DemoDataError(f"{label}: {error}") from error
        return tuple(built)


def load(app: str, name: str, shape: Mapping[str, type | tuple[type, ...]], *, root: Path = PDSITE_DIR) -> DemoData:
    """Read pdsite/<app>/demo/<name>.yaml and return its top-level mapping.

    `shape` maps each top-level key the file must have to the type (or types) its value must
    be, e.g. {"clips": list, "search_examples": list}. Raises DemoDataError, naming the file
    and the key, when the file is missing or unparsable, a key is missing or unexpected, or a
    value has the wrong type. `root` as for demo_data_path.
    """
    path = demo_data_path(app, name, root=root)
    where = str(path.relative_to(root.parent))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DemoDataError(f"{where}: no such demo data file") from None
    try:
        data = yaml.load(text, Loader=_SafeLoader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as error:
        raise DemoDataError(f"{where}: not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise DemoDataError(f"{where}: the top level must be a mapping with the keys {', '.join(shape)}")
    for key, kind in shape.items():
        if key not in data:
            raise DemoDataError(f"{where}: missing the top-level key {key!r}")
        value = data[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _types(kind)):
            raise DemoDataError(f"{where}: the top-level key {key!r} must be {_names(kind)}, not {type(value).__name__}")
    unexpected = [key for key in data if key not in shape]
    if unexpected:
        raise DemoDataError(f"{where}: unexpected top-level key {unexpected[0]!r} (expected {', '.join(shape)})")
    return DemoData(data, where)


def _types(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _names(kind: type | tuple[type, ...]) -> str:
    return " or ".join(f"a {t.__name__}" for t in _types(kind))
