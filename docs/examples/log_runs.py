"""Push training runs and metrics into a Keel experiment-log block. Standard library only.

    export KEEL_URL=http://localhost:3000 KEEL_TOKEN=kt_... KEEL_PROJECT=<project id>
    python docs/examples/log_runs.py <block id>

In a training loop: create the run once, then append points as steps finish. Posting the same
run id again updates that run (idempotent), so a retried request never duplicates anything.
End every run, also when training crashes: a run left "running" with no metric shows "No metrics"
in the table. `archive` hides a run (a leaked test set, a bad seed); `delete` removes it and every
point, and answers deleted False when it was already gone, so retrying it is safe.
"""
import json
import os
import sys
import urllib.request
import uuid

BASE = os.environ.get("KEEL_URL", "http://localhost:3000").rstrip("/")
TOKEN = os.environ["KEEL_TOKEN"]
PROJECT = os.environ["KEEL_PROJECT"]


def call(method, path, body=None):
    headers = {"authorization": f"Bearer {TOKEN}"}
    if body is not None:
        headers["content-type"] = "application/json"
    req = urllib.request.Request(
        f"{BASE}/api/projects/{PROJECT}/experiments{path}",
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers=headers,
    )
    with urllib.request.urlopen(req, timeout=10) as res:
        return json.load(res)


def start_run(block, name, params, dataset):
    run_id = str(uuid.uuid4())
    call("POST", f"/{block}/runs", {"runId": run_id, "name": name, "params": params, "dataset": dataset, "status": "running"})
    return run_id


def log_step(block, run_id, step, **metrics):
    call("PATCH", f"/{block}/runs/{run_id}", {"metrics": {k: [{"step": step, "value": v}] for k, v in metrics.items()}})


def finish(block, run_id, **final_metrics):
    call("PATCH", f"/{block}/runs/{run_id}", {"status": "finished", "metrics": {k: [{"step": 10**6, "value": v}] for k, v in final_metrics.items()}})


def failed(block, run_id, reason):
    call("PATCH", f"/{block}/runs/{run_id}", {"status": "failed", "notes": reason[:10000]})


def archive(block, run_id, archived=True):
    call("PATCH", f"/{block}/runs/{run_id}", {"archived": archived})


def delete(block, run_id):
    return call("DELETE", f"/{block}/runs/{run_id}")["deleted"]


if __name__ == "__main__":
    block = sys.argv[1]
    run = start_run(block, "baseline (example)", {"lr": 3e-4, "batch_size": 64}, {"name": "churn", "version": "v3"})
    try:
        for step in range(1, 6):
            loss = 1.0 / step  # your training step here
            log_step(block, run, step, loss=loss)
    except BaseException as err:
        failed(block, run, repr(err))  # never leave a crashed run "running"
        raise
    finish(block, run, val_f1=0.91)
    print(run)
