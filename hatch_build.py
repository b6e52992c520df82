"""Build hook: compile cleantext's optional C loops (``src/cleantext/_speedups.c``).

The module is optional.  Without a C compiler the wheel is built without it and
cleantext runs the same computations in numpy (the results are the same; a document
takes about 1.5 times as long).  ``CLEANTEXT_NO_EXTENSION=1`` skips the compilation.

Setuptools' ``build_ext`` does the compiling: it knows every platform's compiler and
flags, which a hand-written compiler call would not.
"""

from __future__ import annotations

import os
import shutil
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MODULE = "cleantext._speedups"
SOURCE = "src/cleantext/_speedups.c"


def compile_extension(root: str, out_dir: str) -> Path:
    """Compile the module into ``out_dir``; return the path of the built file."""
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    dist = Distribution({"name": "cleantext-speedups",
                         "ext_modules": [Extension(MODULE, [str(Path(root, SOURCE))])]})
    cmd = build_ext(dist)
    cmd.build_lib = out_dir
    cmd.build_temp = str(Path(out_dir, "tmp"))
    cmd.ensure_finalized()
    cmd.run()
    return Path(cmd.get_ext_fullpath(MODULE))


class SpeedupsBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        if os.environ.get("CLEANTEXT_NO_EXTENSION"):
            self.app.display_info("cleantext: CLEANTEXT_NO_EXTENSION is set; "
                                  "building without the C loops")
            return
        self._tmp = tempfile.mkdtemp(prefix="cleantext-build-")
        try:
            built = compile_extension(self.root, self._tmp)
        # Whatever fails (no compiler, no headers, a platform setuptools does not know),
        # the optional module must not fail the install: the numpy code paths remain.
        except Exception as err:  # noqa: BLE001
            self.app.display_warning(f"cleantext: the C loops were not built ({err}); "
                                     "cleantext will use its numpy code paths instead")
            return
        name = "_speedups" + (sysconfig.get_config_var("EXT_SUFFIX") or ".so")
        if version == "editable":
            # An editable install imports the package from src/: the module goes there.
            shutil.copyfile(built, Path(self.root, "src", "cleantext", name))
        else:
            build_data["force_include"][str(built)] = f"cleantext/{name}"
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        tmp = getattr(self, "_tmp", None)
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
