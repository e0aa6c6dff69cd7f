"""geo/ is a pure library: importable without Django settings and free of Django imports."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_geo_without_django_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import sys, geo; "
        "assert not any(m.startswith('django') for m in sys.modules); print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_no_module_of_geo_imports_django():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "geo").rglob("*.py")
        if any(line.lstrip().startswith(("import django", "from django"))
               for line in path.read_text(encoding="utf-8").splitlines())
    ]
    assert offenders == []
