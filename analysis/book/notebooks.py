"""Keep the book's notebooks executed, deterministically.

``python -m analysis.book.notebooks refresh book`` re-executes every notebook in place (``refresh
book/register.ipynb`` just that one) so that the
stored outputs (which ``pytest --nbval`` checks) follow the module and the corpus. Execution
records no timing metadata and starts from a clean kernel, so a second refresh writes the same
bytes. ``unexecuted_code_cells`` is what the tests use to refuse notebooks stored unexecuted
(nbval compares nothing for such cells).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat

#: Cell metadata that varies between runs and is never worth storing.
_VOLATILE_CELL_METADATA = ("execution", "ExecuteTime", "collapsed", "scrolled")


def notebooks(folder: str | os.PathLike) -> list[Path]:
    """Return the book's notebooks under *folder*, sorted, ignoring build copies and checkpoints
    (*folder* may also be one notebook: then just that one)."""
    root = Path(folder)
    if root.is_file() and root.suffix == ".ipynb":
        return [root]
    return sorted(
        p for p in root.rglob("*.ipynb")
        if not any(part.startswith((".", "_build")) for part in p.relative_to(root).parts)
    )


def unexecuted_code_cells(nb: nbformat.NotebookNode) -> list[int]:
    """Return the indices of code cells with source but no execution count."""
    return [
        i for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and cell.source.strip() and cell.get("execution_count") is None
    ]


def execute(path: str | os.PathLike, timeout: int = 600) -> nbformat.NotebookNode:
    """Execute the notebook at *path* in its own folder and return it (not written)."""
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    for cell in nb.cells:
        for key in _VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
    return nb


def refresh(folder: str | os.PathLike) -> list[Path]:
    """Re-execute every notebook under *folder* in place; return the paths written."""
    written = []
    for path in notebooks(folder):
        print(f"executing {path}", file=sys.stderr)
        nb = execute(path)
        nbformat.write(nb, path)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or argv[0] != "refresh":
        print("usage: python -m analysis.book.notebooks refresh FOLDER|NOTEBOOK", file=sys.stderr)
        return 2
    refresh(argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
