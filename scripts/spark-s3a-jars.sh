#!/usr/bin/env bash
# The jars Spark needs to read s3a:// (hadoop-aws and the AWS SDK bundle), for the tests and a one-machine
# `calls kpi --engine spark` on an object store. They live on Maven Central, which this project's machines
# cannot reach; PyPI's sagemaker-pyspark 1.4.5 carries both (hadoop-aws 3.3.1, aws-java-sdk-bundle
# 1.11.901). Its sdist is downloaded with pip (never installed: it pins pyspark 3.3) and only the two jars
# are kept, in the folder given (default .venv/spark-jars). A cluster uses its own matching jars instead:
# docs/scale.md. Idempotent; without pip or the network it says so and goes on (the s3a test then skips).
set -euo pipefail
target="${1:-.venv/spark-jars}"
python="${PYTHON:-.venv/bin/python}"
jars=(hadoop-aws-3.3.1.jar aws-java-sdk-bundle-1.11.901.jar)
have=1
for jar in "${jars[@]}"; do [ -s "$target/$jar" ] || have=0; done
[ "$have" = 1 ] && exit 0
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if ! "$python" -m pip download --quiet --no-deps --no-binary :all: sagemaker-pyspark==1.4.5 -d "$work" >/dev/null 2>&1; then
  echo "spark-s3a-jars: could not download sagemaker-pyspark from PyPI; the s3a test will be skipped" >&2
  exit 0
fi
mkdir -p "$target"
for jar in "${jars[@]}"; do
  tar -xzf "$work"/sagemaker_pyspark-1.4.5.tar.gz -C "$work" "sagemaker_pyspark-1.4.5/deps/jars/$jar"
  mv "$work/sagemaker_pyspark-1.4.5/deps/jars/$jar" "$target/$jar"
done
