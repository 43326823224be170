"""Running a chain over corpora: plan shards, process them, assemble the outputs.

- :mod:`.inputs`: the files the arguments name, and why one cannot be read
- :mod:`.plan`: inputs and outputs to :class:`~.plan.Plan` (shards; resume skips finished outputs)
- :mod:`.jobs`: what an engine is given (:class:`~.jobs.Shard`, :class:`~.jobs.RunOptions`)
  and gives back (:class:`~.jobs.ShardReport`)
- :mod:`.shard`: :func:`~.shard.process_shard`, the unit of work any engine runs, writing
  its side outputs through :mod:`.sinks`
- :mod:`.count`: the counting pass of ``--repeats auto`` and ``normkit scan``
- :mod:`.assemble`: pieces joined and renamed in order, rejects and explanations collected
- :mod:`.local`: this machine's engine (in-process or a process pool)
- :mod:`.report`: the summary table and ``--stats-json``
- :mod:`.config`: the TOML configuration; :mod:`.choose`: the chain it and the flags choose
"""
