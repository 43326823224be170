"""Running a chain over corpora: plan shards, process them, assemble the outputs.

- :mod:`.plan`: inputs and outputs to :class:`~.plan.Plan` (shards; resume skips finished outputs)
- :mod:`.shard`: :func:`~.shard.process_shard`, the unit of work any engine runs
- :mod:`.assemble`: pieces joined and renamed in order, rejects and explanations collected
- :mod:`.local`: this machine's engine (in-process or a process pool)
- :mod:`.report`: the summary table and ``--stats-json``
- :mod:`.config`: the TOML configuration; :mod:`.choose`: the chain it and the flags choose
"""
