"""Celery tasks of sweeps: each takes an id and calls a service that checks the row first."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from sweeps.pipeline import sweep_run
from sweeps.services import sweep_fail, sweeps_dispatch_due


@shared_task(name="sweeps.dispatch_due_sweeps")
def dispatch_due_sweeps() -> int:
    return len(sweeps_dispatch_due())


@shared_task(
    name="sweeps.run_sweep",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.SWEEP_TIME_LIMIT_SECONDS,
    time_limit=settings.SWEEP_TIME_LIMIT_SECONDS + 60,
)
def run_sweep(sweep_id: int) -> None:
    try:
        sweep_run(sweep_id=sweep_id)
    except SoftTimeLimitExceeded:
        sweep_fail(sweep_id=sweep_id, error="The sweep ran out of time")
        raise
    except Exception as error:
        # Record it so the guild is not left with a sweep "running" forever; Celery logs it.
        sweep_fail(sweep_id=sweep_id, error=f"Internal error: {type(error).__name__}")
        raise
