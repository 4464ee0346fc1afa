"""The demo world: a grammar of captioned scenes, their renderer, Jane Doe's paintings, the
training of the demo text-to-image model, a judge that names what a picture shows, and the demo
registry of protected references.

Nothing here downloads; torch and diffusers load only in the modules that train or judge.
"""

from __future__ import annotations
