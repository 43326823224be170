"""Run a normkit chain inside the tools corpus builders already use.

One module per framework, each importing its framework only when used:

- :mod:`normkit.adapters.ray`: clean a text column of a ``ray.data.Dataset``;
- :mod:`normkit.adapters.hf`: clean a text column of a Hugging Face ``datasets.Dataset``;
- :mod:`normkit.adapters.datatrove`: a datatrove pipeline step.

Every adapter takes the :class:`normkit.Pipeline` parameters (``profile``, ``steps``,
``options``, ``enable``, ``disable``) and ships the chain to workers as its picklable
:class:`normkit.ChainConfig`; each worker process rebuilds it from its registry once.
Each step may spend at most ``$NORMKIT_STEP_TIMEOUT`` seconds (default 300; ``0``: no
limit) on one document; past it the document fails with :class:`normkit.StepFailed`.
"""
