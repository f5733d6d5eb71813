"""Long work (call-log imports, website audits, report builds, «Проверить всё», digests) as jobs: a catalogue
of tasks named by kind and run from JSON parameters (``tasks``), started by ``runner.submit``, run either
in a thread of the process that started it (one machine, the default) or by ``callscout worker`` processes
fed by a Dramatiq broker on Redis (``broker``, when ``CALLSCOUT_BROKER_URL`` is set). Either way the store
(``callscout.store.jobs``) holds every job's state: the broker only carries the job's id.
"""
