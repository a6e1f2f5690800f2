"""The core runs without the TUI: importing it must not load Textual."""

import subprocess
import sys

HEADLESS = [
    "scoring",
    "scoring.types",
    "scoring.rules",
    "scoring.learned",
    "scoring.judges",
    "simulator.models",
    "simulator.loader",
    "simulator.engine",
    "simulator.clauses",
    "simulator.cue_match",
    "simulator.cue_eval",
    "scoring.sentence_encoder",
    "simulator.customers",
    "simulator.playtest",
    "simulator.schema",
    "simulator.cli",
]


def test_headless_modules_do_not_import_textual():
    code = (
        "import importlib, sys\n"
        f"for name in {HEADLESS!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(loaded))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"textual was imported: {out.stdout.strip()}"


def test_cli_headless_commands_do_not_import_textual():
    code = (
        "import sys, io, contextlib\n"
        "from simulator.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['list', '--json'])\n"
        "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_scoring_at_run_time_needs_no_training_libraries():
    # The shipped judge runs on onnxruntime, tokenizers and numpy alone.
    code = (
        "import sys\n"
        "from scoring.judges import default_scorer\n"
        "default_scorer().score('Sorry, I have refunded it.')\n"
        "heavy = {'torch', 'transformers', 'sklearn'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
