"""breach-impact nightly as an Apache Airflow DAG (Airflow 2.4+, apache-airflow-providers-apache-spark 4.x).

Install: copy this file into the DAGs folder; create the Spark connection `breach_impact_spark` (the
cluster's master: yarn, k8s://…, spark://…); put the shaded jar where spark-submit can read it
(BREACH_IMPACT_JAR, an HDFS/S3 path or a path on the Airflow worker); keep the person-key secret in a
secrets backend as the Airflow Variable `breach_impact_person_key` (never in this file or the image).
Edit LAKE and ALERT_EMAIL.

Retries follow the exit codes (README, "Exit codes (for schedulers)"): only 5 (another run holds the
lake's lock) and 6 (the environment failed: disk, permissions, executors, cluster) are retried; 1
(a defect), 2 (usage, configuration, another secret), 3 (bad input) and 4 (counts that do not add up)
fail the task at once, for a person to look at.
"""
import re
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

JAR = "hdfs:///breach-impact/breach-impact-jobs.jar"  # BREACH_IMPACT_JAR
LAKE = "hdfs:///breach-impact/lake"
ALERT_EMAIL = ["breach-response@agency.example"]

# The launcher's exit codes: a retry may help on these, never on the others.
RETRY_MAY_HELP = {5: "LOCKED", 6: "ENVIRONMENT"}
NEVER_RETRY = {1: "INTERNAL", 2: "USAGE_OR_CONFIG", 3: "BAD_INPUT", 4: "RECONCILIATION_FAILED"}


def exit_code(failure: AirflowException):
    """spark-submit's exit code, as the provider's hook words its failure ("… Error code is: N.")."""
    found = re.search(r"Error code is: (\d+)", str(failure))
    return int(found.group(1)) if found else None


class BreachImpactSubmit(SparkSubmitOperator):
    """SparkSubmitOperator whose failures are retried only when the exit code says a retry may help."""

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowException as failure:
            code = exit_code(failure)
            if code in RETRY_MAY_HELP:
                raise  # Airflow retries it (retries, retry_delay below)
            raise AirflowFailException(
                f"breach-impact exited {code} ({NEVER_RETRY.get(code, 'unknown')}): not retried, see the README's exit codes"
            ) from failure


with DAG(
    dag_id="breach_impact_nightly",
    description="Deliveries from the landing area through ingest, resolve, exposure, decide, report",
    schedule="15 2 * * *",
    start_date=datetime(2025, 11, 1),
    catchup=False,  # one night recomputes everything: missed nights are not replayed one by one
    max_active_runs=1,  # the lake's lock refuses a second run anyway (exit 5)
    default_args={
        "owner": "breach-response",
        "retries": 3,
        "retry_delay": timedelta(minutes=10),
        "email": ALERT_EMAIL,
        "email_on_failure": True,
        "email_on_retry": False,
    },
    tags=["breach-impact"],
) as dag:
    BreachImpactSubmit(
        task_id="nightly",
        conn_id="breach_impact_spark",
        application=JAR,
        java_class="io.breachimpact.cli.Main",
        name="breach-impact-nightly",
        application_args=["nightly", "--profile", "cluster", "--set", f"lake.root={LAKE}"],
        conf={
            # The JIT flag the jobs need (HotSpot skips huge generated methods otherwise), and Spark 3.5's Java 17 opens.
            "spark.driver.extraJavaOptions": "-XX:-DontCompileHugeMethods -XX:ReservedCodeCacheSize=512m",
            "spark.executor.extraJavaOptions": "-XX:-DontCompileHugeMethods -XX:ReservedCodeCacheSize=512m",
        },
        driver_memory="6g",
        executor_memory="8g",
        # The secret reaches the driver's environment only (YARN: the application master's; k8s: the driver's).
        env_vars={"BREACH_IMPACT_KEY": "{{ var.value.breach_impact_person_key }}"},
        execution_timeout=timedelta(hours=3),
    )
