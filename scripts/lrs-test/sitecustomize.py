"""Loaded by every Python process of the test LRS (it is on PYTHONPATH), including the server
process that `ralph runserver` starts with uvicorn's reloader.

Ralph 5.1's file-system LRS backend writes with the "create" operation, so it stores the first
batch of statements it receives and refuses every later one ("already exists and overwrite is not
allowed"): a store that only ever takes one request. This makes it append, as a store must. Only
that line of Ralph changes; its API, authentication, validation and duplicate checks are its own.
"""

import importlib.abc
import importlib.util
import sys

TARGET = "ralph.backends.lrs.fs"


class _AppendFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != TARGET:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            from ralph.backends.data.base import BaseOperationType

            module.FSLRSBackend.default_operation_type = BaseOperationType.APPEND

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, _AppendFinder())
