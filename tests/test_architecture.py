"""One core, several faces: the core never imports Textual."""

from __future__ import annotations

import subprocess
import sys


def test_core_modules_do_not_import_textual():
    code = (
        "import sys\n"
        "import popguide.library, popguide.library.describe, popguide.matching, popguide.cli\n"
        "from popguide.cli import main\n"
        "main(['match', 'scramblers on the field', '--json'])\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
